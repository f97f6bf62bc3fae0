package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.provmr.header.Confidence;
import org.provmr.store.StoreNames;

/**
 * The output format's sub-stream hook: asks the {@link OutputRouter} for each record's
 * sub-stream and hands the record to that sub-stream's part writer, opened on its first
 * record. The main part too is opened on its first record, and at close if the task wrote no
 * record at all: a task whose every record went to a sub-stream leaves no empty main part
 * (each file costs a local file system milliseconds of CPU), and a task that wrote nothing
 * leaves its empty main part, as without routing.
 */
final class RoutedRecordWriter<K, V> extends RecordWriter<K, V> {
  /** Opens the part writer of a sub-stream; the main part's name is {@code null}. */
  interface PartOpener<K, V> {
    RecordWriter<K, V> open(String substream) throws IOException;
  }

  private final OutputRouter router;
  private final Confidence confidence;
  private final PartOpener<K, V> opener;
  private RecordWriter<K, V> main;
  private final Map<String, RecordWriter<K, V>> substreams = new LinkedHashMap<>();
  // The last sub-stream and its writer: consecutive records mostly go to the same one.
  private String lastName;
  private RecordWriter<K, V> lastWriter;

  RoutedRecordWriter(OutputRouter router, Confidence confidence, PartOpener<K, V> opener)
      throws IOException {
    this.router = router;
    this.confidence = confidence;
    this.opener = opener;
  }

  private RecordWriter<K, V> main() throws IOException {
    if (main == null) {
      main = opener.open(null);
    }
    return main;
  }

  @Override
  public void write(K key, V value) throws IOException, InterruptedException {
    if (!(value instanceof TracedValue)) {
      main().write(key, value); // the main writer explains what is wrong
      return;
    }
    String name = router.route(confidence, (TracedValue) value);
    if (name == null) {
      main().write(key, value);
      return;
    }
    if (!name.equals(lastName)) {
      RecordWriter<K, V> w = substreams.get(name);
      if (w == null) {
        checkSubstreamName(router, name);
        w = opener.open(name);
        substreams.put(name, w);
      }
      lastName = name;
      lastWriter = w;
    }
    lastWriter.write(key, value);
  }

  @Override
  public void close(TaskAttemptContext context) throws IOException, InterruptedException {
    List<IOException> failures = new ArrayList<>();
    if (substreams.isEmpty()) {
      main(); // no record at all: the task's main part exists, empty
    }
    List<RecordWriter<K, V>> all = new ArrayList<>(substreams.values());
    if (main != null) {
      all.add(0, main);
    }
    for (RecordWriter<K, V> w : all) {
      try {
        w.close(context);
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IOException e = new IOException(failures.size() + " part(s) of the task failed to close:"
          + " " + failures);
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Refuses a route that is not a sub-stream directory name: a router must not pick paths. */
  static void checkSubstreamName(OutputRouter router, String name) throws IOException {
    if (!StoreNames.isSubstreamDir(name)) {
      throw new IOException(router.getClass().getName() + " routed a record to '" + name
          + "', which is not a sub-stream directory name (priority or age-LIMIT such as"
          + " age-1d)");
    }
  }

  /**
   * Removes a sub-stream part that was opened before its task's records were seen and got none,
   * with its directory if nothing else is in it: a sub-stream part exists only where a record
   * went, as when parts are opened at their first record.
   */
  static void removeEmptyPart(FileSystem fs, Path part, Path work) throws IOException {
    fs.delete(part, false);
    Path dir = part.getParent();
    if (!dir.equals(work) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  /** The part file of a sub-stream: {@code <work>/<substream>/<name of the main part>}. */
  static Path partFile(Path work, Path mainFile, String substream) {
    return substream == null ? mainFile : new Path(new Path(work, substream), mainFile.getName());
  }
}
