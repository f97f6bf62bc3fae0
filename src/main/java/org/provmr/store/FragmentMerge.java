package org.provmr.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-commit merge of the tasks' store fragments (files {@code _provenance.<fragment>} at
 * the top of the output, where the task commits put them) into the entry files. Memory: an int
 * a source fragment and a name a part fragment, never the entries: each fragment is read when
 * its turn comes and written straight into the deflate stream.
 */
final class FragmentMerge {
  private static final Logger LOG = LoggerFactory.getLogger(FragmentMerge.class);

  private FragmentMerge() {
  }

  /**
   * Merges the task fragments found in {@code output} and writes the store, streaming:
   * fragments are listed (their names only are kept, sorted), then read one at a
   * time, in order, into the entry files, so no JVM holds the whole store. Files are written
   * under temporary names and renamed, job.json last, so a reader never sees a job.json
   * without the manifest it refers to.
   *
   * @param key keyed mode's signing key, or null
   */
  static void commit(FileSystem fs, Path output, JobRecord job, MacKey key)
      throws IOException {
    Path store = LineageStore.dir(output);
    int[] sourceIds = new int[16];
    int nSources = 0;
    List<String> partNames = new ArrayList<>();
    Path legacy = new Path(store, LineageStore.LEGACY_FRAGMENTS);
    if (fs.exists(legacy)) {
      // Where earlier ProvMR builds' tasks put their fragments. A job's tasks and its commit
      // run one job jar, so this is a task of another ProvMR writing into this job's output;
      // merging without its entries would leave its parts out of the store.
      throw new IOException("Task fragments in " + legacy + " come from an earlier ProvMR: the"
          + " tasks of job " + job.jobId() + " ran another ProvMR than its commit. Re-run the"
          + " job with one ProvMR version.");
    }
    // Committed tasks left their fragments at the top of the output, beside the parts.
    RemoteIterator<FileStatus> it = fs.listStatusIterator(output);
    while (it.hasNext()) {
      FileStatus st = it.next();
      String name = st.getPath().getName();
      if (!StoreNames.isTaskFragment(st)) {
        continue;
      }
      String base = name.substring(LineageStore.FRAGMENT_PREFIX.length());
      // Without the fragment suffix the name matches nothing below and is ignored.
      String stem = base.endsWith(StoreNames.FRAGMENT_SUFFIX)
          ? base.substring(0, base.length() - StoreNames.FRAGMENT_SUFFIX.length()) : "";
      Integer id = sourceFragmentId(stem);
      if (PartNames.isPart(stem)) {
        // Parts first: a named output may be called "source" (source-r-00000.bin).
        partNames.add(name);
      } else if (id != null) {
        if (nSources == sourceIds.length) {
          sourceIds = Arrays.copyOf(sourceIds, 2 * nSources);
        }
        sourceIds[nSources++] = id;
      } else if (stem.startsWith(LineageStore.PART_PREFIX)) {
        partNames.add(name);
      } else {
        LOG.warn("Ignoring {} among the task fragments of job {}: not a source or part"
            + " fragment", st.getPath(), job.jobId());
      }
    }
    int[] ids = Arrays.copyOf(sourceIds, nSources);
    Arrays.sort(ids);
    Collections.sort(partNames);
    long[] records = {0};
    LineageStore.write(fs, output, job, each -> {
      for (int id : ids) {
        Path f = LineageStore.sourceFragment(output, id);
        SourceEntry s = only(StoreBinary.readSources(fragment(fs, f), f.toString()), f);
        if (s.id() != id) {
          throw new IOException("Malformed task fragment " + f + ": it holds source " + s.id()
              + ", its name says " + id + ". A task wrote it wrongly; re-run the job.");
        }
        each.accept(s);
      }
    }, each -> {
      for (String name : partNames) {
        Path f = new Path(output, name);
        PartEntry p = only(StoreBinary.readParts(fragment(fs, f), f.toString()), f);
        records[0] += p.records();
        each.accept(p);
      }
    }, key);
    // After job.json: a crash in between leaves fragments beside a complete store, which
    // consumers skip (a leading underscore) and the next run's checks ignore.
    for (int id : ids) {
      fs.delete(LineageStore.sourceFragment(output, id), false);
    }
    for (String name : partNames) {
      fs.delete(new Path(output, name), false);
    }
    LOG.info("Job {}: merged {} source and {} part fragments into the lineage store {} ({}"
        + " records in {} parts)", job.jobId(), ids.length, partNames.size(), store,
        records[0], partNames.size());
  }

  /** A fragment's bytes: untrusted, so a regular file within the metadata size limit. */
  private static byte[] fragment(FileSystem fs, Path f) throws IOException {
    return LineageStore.readBytes(fs.getConf(), fs, f);
  }

  /** The one entry a task fragment holds. */
  private static <T> T only(List<T> entries, Path f) throws IOException {
    if (entries.size() != 1) {
      throw new IOException("Malformed task fragment " + f + ": it holds " + entries.size()
          + " entries, a fragment holds one. A task wrote it wrongly; re-run the job.");
    }
    return entries.get(0);
  }

  /** The source id a fragment name without its suffix ({@code source-00042}) stands for. */
  private static Integer sourceFragmentId(String name) {
    if (!name.startsWith(LineageStore.SOURCE_PREFIX)) {
      return null;
    }
    String digits = name.substring(LineageStore.SOURCE_PREFIX.length());
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long id = Long.parseLong(digits);
    return id > Integer.MAX_VALUE ? null : (int) id;
  }

}
