package org.provmr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.provmr.lineage.Lineage;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.lineage.Step;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.provmr.validate.AgeHistogram;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;

/**
 * {@code provmr inspect}: the records of a provenance file or output directory with their
 * decoded headers, or with {@code --payload} only the payload, byte for byte as Hadoop's
 * TextOutputFormat would have written it, so the output can be diffed with a plain job's.
 * Characters a terminal would act on are escaped everywhere ({@link TerminalText}). A file in
 * the directory that its lineage store does not list stops the command, as it stops
 * ProvenanceInputFormat.
 */
final class InspectCommand extends Command {

  InspectCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "inspect";
  }

  @Override
  String summary() {
    return "print records with their provenance headers (--payload: key<TAB>value only)";
  }

  @Override
  String usage() {
    return "PATH [--payload] [--limit N]   (PATH: an output directory or one part file)\n"
        + "  inspect DIR --store   the lineage store as JSON lines: job, then each source, then"
        + " each part (streamed)";
  }

  @Override
  Options options() {
    return new Options().withFlag("payload").withValue("limit").withFlag("store");
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one output directory or part file");
    }
    Path path = existingInput("path", o.positional().get(0));
    if (o.has("store")) {
      // Store format 2 is binary; this is its form for humans (and for jq).
      // Jackson leaves C1 controls and bidi overrides raw; escaped, they are the same JSON.
      org.provmr.store.StoreDump.jsonLines(getConf(), path, out, TerminalText::escape);
      return ExitCodes.OK;
    }
    boolean payload = o.has("payload");
    long limit = o.getInt("limit", Integer.MAX_VALUE, 0);
    Configuration conf = getConf();
    FileSystem fs = path.getFileSystem(conf);
    List<Path> files = parts(fs, path);
    Path dir = fs.getFileStatus(path).isDirectory() ? path : path.getParent();
    if (StoreNames.isSubstreamDir(dir.getName()) && dir.getParent() != null
        && LineageStore.exists(conf, dir.getParent())) {
      dir = dir.getParent(); // a part of a sub-stream: its store is the output's
    }
    StoredJob store = LineageStore.exists(conf, dir) ? LineageStore.read(conf, dir) : null;
    for (Path file : files) {
      if (store != null && partOf(store, file) == null) {
        if (!fs.getFileStatus(path).isDirectory()) {
          err.println("provmr inspect: warning: " + TerminalText.escape(file.toString())
              + " is not a part its output's lineage store lists");
          break;
        }
        throw new IOException(file + " is not a part of the output " + dir + ": its lineage"
            + " store does not list it, and a reader of the output would add its records to"
            + " the output's. Inspect it by its own path, and remove it from the output");
      }
    }
    if (!payload && store != null) {
      out.println("# job " + TerminalText.escape(store.job().jobId() + " ("
          + store.job().jobName() + "), " + store.job().headerMode() + " headers, "
          + store.job().checksumAlgorithm()));
      for (LineageEntry e : store.job().lineages()) {
        out.println("# lineage " + e.id() + ": " + TerminalText.escape(describe(e.lineage())));
      }
      substreams(store);
      out.println("# age histogram (records by the age of their newest source, "
          + TerminalText.escape(conf.getTrimmed(ProvenanceKeys.SUBSTREAM_AGE_BANDS,
          ProvenanceKeys.SUBSTREAM_AGE_BANDS_DEFAULT)) + "): "
          + AgeHistogram.read(conf, dir, store).line());
    }
    long shown = 0;
    for (Path file : files) {
      try (ProvenanceFileReader<Writable, Writable> reader =
               new ProvenanceFileReader<>(conf, file)) {
        if (payload) {
          reader.skipHeaders();
        }
        PartEntry part = partOf(store, file);
        long index = 0;
        while (shown < limit && reader.next()) {
          if (payload) {
            writeTextLine(reader.key(), reader.value().value());
          } else {
            describe(file, index, reader, store, part);
          }
          index++;
          shown++;
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static List<Path> parts(FileSystem fs, Path path) throws IOException {
    List<Path> files = new ArrayList<>();
    if (fs.getFileStatus(path).isFile()) {
      files.add(path);
      return files;
    }
    List<Path> substreams = new ArrayList<>();
    for (FileStatus st : fs.listStatus(path)) {
      String n = st.getPath().getName();
      if (st.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
        files.add(st.getPath());
      } else if (st.isDirectory() && StoreNames.isSubstreamDir(n)) {
        substreams.addAll(parts(fs, st.getPath())); // sub-streams first, as readers do
      }
    }
    files.sort(null);
    substreams.sort(null);
    substreams.addAll(files);
    return substreams;
  }

  /** Records and parts per sub-stream (docs/substreams.md), when the output has any. */
  private void substreams(StoredJob store) {
    java.util.Map<String, long[]> by = new java.util.TreeMap<>();
    for (PartEntry p : store.parts()) {
      String sub = StoreNames.substreamOf(p.name());
      long[] n = by.computeIfAbsent(sub == null ? "~main" : sub, k -> new long[2]);
      n[0] += p.records();
      n[1]++;
    }
    if (by.size() > 1 || !by.containsKey("~main")) {
      by.forEach((sub, n) -> out.println("# sub-stream " + (sub.equals("~main") ? "main"
          : TerminalText.escape(sub)) + ": " + n[0] + " records in " + n[1] + " parts"));
    }
  }

  private static PartEntry partOf(StoredJob store, Path file) {
    if (store == null) {
      return null;
    }
    String parent = file.getParent() == null ? "" : file.getParent().getName();
    String name = StoreNames.isSubstreamDir(parent) ? parent + "/" + file.getName()
        : file.getName();
    for (PartEntry p : store.parts()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Exactly TextOutputFormat's LineRecordWriter: Text as raw bytes, nulls omitted. */
  private void writeTextLine(Object key, Object value) {
    boolean nullKey = key == null || key instanceof NullWritable;
    boolean nullValue = value == null || value instanceof NullWritable;
    if (!nullKey) {
      writeObject(key);
    }
    if (!nullKey && !nullValue) {
      out.write('\t');
    }
    if (!nullValue) {
      writeObject(value);
    }
    out.write('\n');
  }

  /** As TextOutputFormat writes it, with terminal controls escaped (see TerminalText). */
  private void writeObject(Object o) {
    if (o instanceof Text) {
      Text t = (Text) o;
      TerminalText.write(out, t.getBytes(), 0, t.getLength());
    } else {
      byte[] b = o.toString().getBytes(StandardCharsets.UTF_8);
      TerminalText.write(out, b, 0, b.length);
    }
  }

  private void describe(Path file, long index, ProvenanceFileReader<Writable, Writable> reader,
      StoredJob store, PartEntry part) throws IOException {
    ProvenanceHeader h = reader.value().header();
    StringBuilder s = new StringBuilder();
    s.append(TerminalText.escape(file.getName())).append(" #").append(index).append(" @")
        .append(reader.recordOffset()).append("  ")
        .append(TerminalText.escape(payloadText(reader.key(), reader.value().value())))
        .append("\n    ").append(h.algorithm().configName()).append('=').append(h.checksumHex())
        .append("  time=").append(Instant.ofEpochMilli(h.timestampMillis()))
        .append("  confidence=").append(h.confidence())
        .append(h.recomputed() ? "  recomputed" : "")
        .append("  lineage=").append(h.lineageId() < 0
            ? reader.headerContext().defaultLineageId() : h.lineageId())
        .append("\n    data-id ").append(TerminalText.escape(dataId(h, store, part)));
    out.println(s);
  }

  /** The steps in the order they ran, upstream jobs first: "map A -> reduce B -> ...". */
  static String describe(Lineage lineage) {
    if (lineage == null) {
      // job.json is the output owner's: validate reports the empty entry (store_inconsistent).
      return "(empty in job.json)";
    }
    StringBuilder s = new StringBuilder();
    for (Step step : lineage.allSteps()) {
      if (s.length() > 0) {
        s.append(" -> ");
      }
      String c = step.className();
      s.append(step.stage().label()).append(' ').append(c.substring(c.lastIndexOf('.') + 1))
          .append(" (").append(step.job()).append(')');
    }
    return s.toString();
  }

  private static String payloadText(Object key, Object value) {
    boolean nullKey = key == null || key instanceof NullWritable;
    boolean nullValue = value == null || value instanceof NullWritable;
    return (nullKey ? "" : key.toString()) + (nullKey || nullValue ? "" : "\t")
        + (nullValue ? "" : value.toString());
  }

  private static String dataId(ProvenanceHeader h, StoredJob store, PartEntry part) {
    if (h.selfContained()) {
      StringBuilder s = new StringBuilder();
      for (SourceRef r : h.sources()) {
        s.append(r.uri()).append(" [").append(r.offset()).append('+').append(r.length())
            .append("] ");
      }
      return s.toString().trim();
    }
    if (!h.sourceSet()) {
      String where = "source " + h.sourceId();
      SourceEntry e = null;
      for (SourceEntry x : store == null ? List.<SourceEntry>of() : store.sources()) {
        e = x.id() == h.sourceId() ? x : e; // a crafted store may lack it: said, not thrown
      }
      if (store != null && e == null) {
        return where + " (not in the store's manifest) record " + h.offset();
      }
      if (e != null) {
        where = e.uri() + " (source " + e.id() + ")";
        if (SourceEntry.POSITIONS_BYTES.equals(e.positions())) {
          return where + " bytes [" + (e.start() + h.offset()) + "+" + h.length() + "]";
        }
      }
      return where + " record " + h.offset();
    }
    if (part == null || h.sourceSetId() < 0 || h.sourceSetId() >= part.sourceSets().size()) {
      return "source set " + h.sourceSetId();
    }
    return "sources " + part.sourceSets().get(h.sourceSetId())
        + (part.summarized(h.sourceSetId()) ? " (summary: every split of the part; exact"
            + " inputs by replay, provmr trace)" : "")
        + " (set " + h.sourceSetId() + " of " + part.name() + ")";
  }
}
