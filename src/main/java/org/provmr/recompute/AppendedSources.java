package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits only the bytes appended to source files since capture. The recorded splits of such a
 * file are kept (their ranges still match), and the new bytes become new splits with new ids.
 *
 * <p>Line input only: a line reader's split that does not start at 0 skips its first line
 * (the previous split finishes it), and a split finishes the line starting at its end. So the
 * first new split starts one byte early, on the newline that ended the file at capture, and
 * begins with the first appended line; and the recorded split that ended the file is read as
 * if the file still ended there (a bound on the record offsets, see ManifestInputFormat), which
 * is also what its cached map output holds. Anything else (another input format, compressed or
 * custom-delimited text, a file that did not end with a newline, whose last line the append
 * extended) is re-split whole, as a changed source.
 */
final class AppendedSources {
  private static final Logger LOG = LoggerFactory.getLogger(AppendedSources.class);
  /** As FileInputFormat: the last split may be up to 10% larger than the split size. */
  private static final double SPLIT_SLOP = 1.1;

  /**
   * @param fresh the new splits, ids from {@code nextId} on
   * @param resplit files that cannot be brought up to date by their new bytes alone: re-split
   *     them whole
   * @param boundedAt for every file with new splits, where its recorded content ends: its
   *     recorded splits read no record that starts there or later
   * @param appendedBytes bytes of the new splits
   */
  record Result(List<ManifestInputFormat.Entry> fresh, List<String> resplit,
      Map<String, Long> boundedAt, long appendedBytes) {
  }

  private AppendedSources() {
  }

  static Result split(Configuration base, Class<?> inputFormat, StoredJob store,
      Collection<String> files, int nextId) throws IOException {
    List<ManifestInputFormat.Entry> fresh = new ArrayList<>();
    List<String> resplit = new ArrayList<>();
    Map<String, Long> bounded = new TreeMap<>();
    long bytes = 0;
    for (String file : files) {
      long recordedEnd = -1;
      long recordedLength = -2;
      for (SourceEntry s : store.sources()) {
        if (s.uri().equals(file)) {
          if (s.start() + s.length() > recordedEnd) {
            recordedEnd = s.start() + s.length();
            recordedLength = s.fileLength();
          }
        }
      }
      Path path = new Path(file);
      FileSystem fs = path.getFileSystem(base);
      FileStatus now = fs.getFileStatus(path);
      String why = appendable(base, inputFormat, fs, path, recordedEnd, recordedLength, now);
      if (why != null) {
        LOG.info("{}: not brought up to date by its appended bytes alone ({}); re-splitting it"
            + " whole", file, why);
        resplit.add(file);
        continue;
      }
      if (now.getLen() == recordedEnd) {
        continue; // nothing new (an earlier run brought it up to date)
      }
      long from = recordedEnd == 0 ? 0 : recordedEnd - 1; // on the newline that ended it
      long splitSize = splitSize(base, now);
      long left = now.getLen() - from;
      long start = from;
      while ((double) left / splitSize > SPLIT_SLOP) {
        fresh.add(new ManifestInputFormat.Entry(nextId++, file, start, splitSize));
        start += splitSize;
        left -= splitSize;
      }
      fresh.add(new ManifestInputFormat.Entry(nextId++, file, start, left));
      bounded.put(file, recordedEnd);
      bytes += now.getLen() - from;
      LOG.info("{} grew from {} to {} bytes: mapping bytes [{}, {}) as {} new splits", file,
          recordedEnd, now.getLen(), from, now.getLen(), fresh.size());
    }
    return new Result(fresh, resplit, bounded, bytes);
  }

  /** Why the file cannot be brought up to date by its appended bytes alone, or null. */
  private static String appendable(Configuration base, Class<?> inputFormat, FileSystem fs,
      Path path, long recordedEnd, long recordedLength, FileStatus now) throws IOException {
    if (recordedEnd < 0) {
      return "no recorded split of it";
    }
    if (recordedEnd != recordedLength) {
      return "its recorded splits ended at byte " + recordedEnd + " of " + recordedLength;
    }
    if (now.getLen() < recordedEnd) {
      return "it is shorter than at capture";
    }
    if (!TextInputFormat.class.isAssignableFrom(inputFormat)
        && !KeyValueTextInputFormat.class.isAssignableFrom(inputFormat)) {
      return "the job reads it with " + inputFormat.getName() + ", not line by line";
    }
    if (base.get("textinputformat.record.delimiter") != null) {
      return "the job splits lines at a delimiter of its own";
    }
    if (new CompressionCodecFactory(base).getCodec(path) != null) {
      return "it is compressed";
    }
    if (recordedEnd > 0) {
      try (FSDataInputStream in = fs.open(path)) {
        in.seek(recordedEnd - 1);
        if (in.read() != '\n') {
          return "it did not end with a newline at capture, so the append extended its last"
              + " line";
        }
      }
    }
    return null;
  }

  /** FileInputFormat's split size for the file under the job's settings. */
  private static long splitSize(Configuration base, FileStatus status) throws IOException {
    Job probe = Job.getInstance(new Configuration(base));
    long min = Math.max(1, FileInputFormat.getMinSplitSize(probe));
    long max = FileInputFormat.getMaxSplitSize(probe);
    return Math.max(min, Math.min(max, status.getBlockSize()));
  }
}
