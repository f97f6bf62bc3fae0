package org.provmr.cadence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.history.FamilyRule;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * Where each source family of some outputs stands: its members now (a listing of the family
 * glob, metadata only), merged with the history store, learned into a {@link Cadence}, and for
 * each dependent output the member files it has not read (new since its capture). Used by
 * {@code provmr sources} and by validation. The history store's problems are collected, never
 * thrown: a damaged history must not stop a sweep.
 */
public final class SourceSurvey {
  /** At most this many members of one family are listed (the newest kept). */
  static final int MAX_MEMBERS = 10_000;

  /**
   * One family.
   *
   * @param family the family glob
   * @param cadence what was learned
   * @param status against the cadence at the survey's time
   * @param dependents output URI -> the member files it has not read (may be empty)
   * @param members how many files the family has now
   */
  public record Family(String family, Cadence cadence, Cadence.Status status,
      Map<String, List<FileStatus>> dependents, int members) {
  }

  /** The families, what was observed (to record in the history), and history problems. */
  public record Result(List<Family> families, List<Observation> observed,
      List<String> problems) {
  }

  private SourceSurvey() {
  }

  /**
   * @param stores the outputs' lineage stores
   * @param allowed whether a source URI may be looked at (the validation's source roots)
   * @param now the reference time (ms)
   * @param kind who is looking, for the history
   */
  public static Result survey(Configuration conf, List<StoredJob> stores,
      Predicate<String> allowed, long now, Observation.Kind kind) throws IOException {
    FamilyRule rule = FamilyRule.of(conf);
    CadenceSettings settings = CadenceSettings.of(conf);
    SourceHistory history = SourceHistory.of(conf);
    List<String> problems = new ArrayList<>();
    SourceHistory.Loaded past;
    try {
      past = history.load();
      problems.addAll(past.problems());
    } catch (IOException e) {
      problems.add("History store " + history.dir() + " cannot be read: " + e.getMessage());
      past = new SourceHistory.Loaded(Map.of(), List.of());
    }
    // family -> output -> the files of that family its manifest lists (uri -> mtime)
    // Keyed by identity: a StoredJob is a record, whose hashCode hashes every entry of the
    // store, so a hash map keyed by it cost sources x sources (minutes at a million splits).
    Map<String, Map<StoredJob, Map<String, Long>>> read = new TreeMap<>();
    for (StoredJob store : stores) {
      String last = null;
      for (SourceEntry s : store.sources()) {
        // A file's splits are consecutive in the manifest and say the same of it: the roots
        // and the family rule (a parse and a regex) are asked once a file, not once a split.
        if (s.uri() == null || s.uri().equals(last)) {
          continue;
        }
        last = s.uri();
        if (s.fileLength() < 0 || !allowed.test(s.uri())) {
          continue; // not a file, or not ours to look at (validation reports it)
        }
        read.computeIfAbsent(rule.familyOf(s.uri()), k -> new java.util.IdentityHashMap<>())
            .computeIfAbsent(store, k -> new TreeMap<>()).put(s.uri(), s.modificationTime());
      }
    }
    List<Family> families = new ArrayList<>();
    List<Observation> observed = new ArrayList<>();
    Map<StoredJob, RecordedInputs> inputs = new java.util.IdentityHashMap<>();
    // One budget for all: made-up files of one directory, a family each, listed it each time.
    FamilyListing.Budget budget = new FamilyListing.Budget(settings.maxListedTotal());
    List<String> unlisted = new ArrayList<>();
    for (Map.Entry<String, Map<StoredJob, Map<String, Long>>> e : read.entrySet()) {
      String family = e.getKey();
      List<FileStatus> members = list(conf, family, settings.maxListed(), budget, unlisted,
          allowed, problems,
          e.getValue().values().stream().flatMap(m -> m.keySet().stream()).distinct().toList());
      List<Observation> all = happened(family, past.family(family), now + settings.burst(),
          settings.burst(), history, problems);
      for (FileStatus f : members) {
        Observation o = new Observation(family, f.getPath().toString(), f.getLen(),
            f.getModificationTime(), null, now, kind);
        observed.add(o);
        all.add(o);
      }
      Cadence cadence = Cadence.learn(Updates.of(all, settings.burst()), settings);
      Map<String, List<FileStatus>> dependents = new TreeMap<>();
      for (Map.Entry<StoredJob, Map<String, Long>> d : e.getValue().entrySet()) {
        RecordedInputs in = inputs.computeIfAbsent(d.getKey(), k -> {
          RecordedInputs r = new RecordedInputs(k.job().inputs());
          if (r.problem(k.output()) != null) {
            problems.add(r.problem(k.output()));
          }
          return r;
        });
        dependents.put(d.getKey().output().toString(), unread(in, d.getValue(), members));
      }
      families.add(new Family(family, cadence, cadence.status(now), dependents,
          members.size()));
    }
    if (!unlisted.isEmpty()) {
      problems.add("Source families: listing them looked at "
          + ProvenanceKeys.CADENCE_MAX_LISTED_TOTAL + " (" + settings.maxListedTotal()
          + ") directory entries; for " + unlisted.size() + " source families (the first "
          + unlisted.get(0) + ") only the files the outputs read are looked at");
    }
    return new Result(families, observed, problems);
  }

  /**
   * The history's observations of a family but those of updates that had not happened when
   * they were observed, or have not happened by {@code latest}: every capturing job writes
   * the store, and a few updates dated next year made a late family fresh until then (a
   * trusted cadence silences the fixed window). {@code skew} allows for clocks a little off.
   */
  private static List<Observation> happened(String family, List<Observation> past,
      long latest, long skew, SourceHistory history, List<String> problems) {
    List<Observation> kept = new ArrayList<>(past.size());
    for (Observation o : past) {
      if (o.kind() == Observation.Kind.CORRUPT || (o.modificationTime() <= latest
          && o.modificationTime() - skew <= o.observedAt())) {
        kept.add(o);
      }
    }
    if (kept.size() < past.size()) {
      problems.add("History store " + history.dir() + ": " + (past.size() - kept.size())
          + " observation(s) of " + family + " claim updates after they were observed or after"
          + " " + java.time.Instant.ofEpochMilli(latest - skew) + "; not learned from (a clock"
          + " far off, or a history file written to mislead)");
    }
    return kept;
  }

  /**
   * The family's files. The glob is listed only when the directory above its first wildcard
   * lies within the source roots (a glob reaching above a root would list directories the
   * operator did not name); otherwise only the files the outputs read are looked at.
   */
  private static List<FileStatus> list(Configuration conf, String family, long maxListed,
      FamilyListing.Budget budget, List<String> unlisted, Predicate<String> allowed,
      List<String> problems, List<String> known) {
    try {
      Path glob = new Path(family);
      FileSystem fs = glob.getFileSystem(conf);
      int wild = family.indexOf('*');
      String fixed = wild < 0 ? family : family.substring(0, family.lastIndexOf('/', wild));
      FileStatus[] found = null;
      boolean listed = wild < 0 || allowed.test(fixed + "/_");
      if (listed && budget.spent()) {
        listed = false;
        unlisted.add(family);
      } else if (listed && wild >= 0 && FamilyListing.walkable(glob)) {
        List<FileStatus> walked = FamilyListing.list(fs, glob, maxListed, budget);
        if (walked != null) {
          found = walked.toArray(new FileStatus[0]);
        } else if (budget.spent()) {
          listed = false;
          unlisted.add(family);
        } else {
          listed = false;
          problems.add("Source family " + family + ": listing it looks at more than "
              + maxListed + " directory entries (" + ProvenanceKeys.CADENCE_MAX_LISTED
              + "); only the files the outputs read are looked at");
        }
      } else if (listed) {
        found = fs.globStatus(glob);
      }
      if (!listed) {
        List<FileStatus> each = new ArrayList<>();
        for (String k : known) {
          try {
            each.add(fs.getFileStatus(new Path(k)));
          } catch (java.io.FileNotFoundException gone) {
            // validation reports it missing
          }
        }
        found = each.toArray(new FileStatus[0]);
      }
      List<FileStatus> files = new ArrayList<>();
      if (found != null) {
        for (FileStatus f : found) {
          if (f.isFile() && !f.getPath().getName().startsWith("_")
              && !f.getPath().getName().startsWith(".") && allowed.test(f.getPath().toString())) {
            files.add(f);
          }
        }
      }
      files.sort((a, b) -> Long.compare(a.getModificationTime(), b.getModificationTime()));
      return files.subList(Math.max(0, files.size() - MAX_MEMBERS), files.size());
    } catch (IOException | IllegalArgumentException e) {
      problems.add("Source family " + family + " cannot be listed: " + e.getMessage());
      return List.of();
    }
  }

  /**
   * Members the output has not read: under one of its recorded input paths and not in its
   * manifest (new since its capture).
   */
  private static List<FileStatus> unread(RecordedInputs inputs, Map<String, Long> readFiles,
      List<FileStatus> members) {
    List<FileStatus> unread = new ArrayList<>();
    for (FileStatus f : members) {
      String uri = f.getPath().toString();
      Long mtime = readFiles.get(uri);
      // A file the manifest lists and that changed since is validation's own finding
      // (source_mismatch, changed_after_capture); here only files the job never saw.
      if (mtime == null && inputs.cover(uri)) {
        unread.add(f);
      }
    }
    return unread;
  }

  /**
   * A store's recorded inputs ({@code job.json}, crafted input), prepared once per store: each
   * member of each family is matched against them, and a store listing tens of thousands of
   * globs cost a compile per member and glob (hours). Paths are looked up by the member's
   * ancestors; at most {@value #MAX_GLOBS} distinct globs are compiled, the first listed.
   */
  static final class RecordedInputs {
    static final int MAX_GLOBS = 256;
    private final java.util.Set<String> paths = new java.util.HashSet<>();
    private final List<org.apache.hadoop.fs.GlobPattern> globs = new ArrayList<>();
    private int ignored;

    RecordedInputs(List<String> inputs) {
      java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
      for (String in : inputs) {
        paths.add(in.replaceAll("/+$", ""));
        if (in.matches(".*[*?\\[{].*")) {
          distinct.add(in);
        }
      }
      for (String in : distinct) {
        if (globs.size() == MAX_GLOBS) {
          ignored++;
          continue;
        }
        try {
          globs.add(new org.apache.hadoop.fs.GlobPattern(in));
        } catch (IllegalArgumentException bad) {
          // a recorded input that is not a glob Hadoop accepts matches nothing
        }
      }
    }

    /** The input itself or a directory above it is recorded, or a recorded glob matches. */
    boolean cover(String uri) {
      for (String p = uri; ; ) {
        if (paths.contains(p)) {
          return true;
        }
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
          break;
        }
        p = p.substring(0, slash);
      }
      for (org.apache.hadoop.fs.GlobPattern g : globs) {
        if (g.matches(uri)) {
          return true;
        }
      }
      return false;
    }

    /** Why some globs were not matched, or null. */
    String problem(Path output) {
      return ignored == 0 ? null : "The lineage store of " + output + " records "
          + (ignored + MAX_GLOBS) + " input globs; files matching only the " + ignored
          + " after the first " + MAX_GLOBS + " are not reported as unread (update_observed)";
    }
  }
}
