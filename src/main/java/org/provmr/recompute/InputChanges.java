package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;

/** What changed in a job's inputs since it ran, and how a changed file splits now. */
final class InputChanges {
  private InputChanges() {
  }

  /** Sources of this job whose upstream files changed since it read them (or are new). */
  static List<String> changedUpstreamFiles(StoredJob store, FileSystem fs) throws IOException {
    Map<String, SourceEntry> byUri = new HashMap<>();
    TreeSet<String> upstreamDirs = new TreeSet<>();
    for (SourceEntry s : store.sources()) {
      byUri.putIfAbsent(s.uri(), s);
      if (s.upstream() != null) {
        upstreamDirs.add(s.upstream());
      }
    }
    List<String> changed = new ArrayList<>();
    TreeSet<String> present = new TreeSet<>();
    for (String dir : upstreamDirs) {
      for (FileStatus st : partsOf(fs, new Path(dir))) {
        String uri = st.getPath().toString();
        present.add(uri);
        SourceEntry s = byUri.get(uri);
        if (s == null || s.fileLength() != st.getLen()
            || s.modificationTime() != st.getModificationTime()) {
          changed.add(uri);
        }
      }
    }
    for (SourceEntry s : store.sources()) {
      // Stores written before sub-stream parts recorded their output as upstream: the part's
      // directory is a sub-stream of an upstream output all the same.
      boolean upstream = s.upstream() != null || inSubstreamOf(s.uri(), upstreamDirs);
      if (upstream && !present.contains(s.uri())) {
        changed.add(s.uri()); // a part that no longer exists: its splits retire
      }
    }
    return changed;
  }

  private static boolean inSubstreamOf(String uri, TreeSet<String> upstreamDirs) {
    Path dir = new Path(uri).getParent();
    return dir != null && StoreNames.isSubstreamDir(dir.getName()) && dir.getParent() != null
        && upstreamDirs.contains(dir.getParent().toString());
  }

  /**
   * The files of an upstream output, those of its sub-stream directories (priority/, age-1d/)
   * included: a sub-stream directory is not a file of the output, its parts are
   * (docs/substreams.md); listing the directory itself would re-read all of it every time.
   */
  static List<FileStatus> partsOf(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir, FileInputFormatFilters.VISIBLE)) {
      if (st.isDirectory() && StoreNames.isSubstreamDir(st.getPath().getName())) {
        files.addAll(List.of(fs.listStatus(st.getPath(), FileInputFormatFilters.VISIBLE)));
      } else {
        files.add(st);
      }
    }
    return files;
  }

  static List<InputSplit> splitsOf(Configuration base, Class<?> inputFormat, Path file)
      throws Exception {
    if (!file.getFileSystem(base).exists(file)) {
      return List.of();
    }
    Job probe = Job.getInstance(new Configuration(base));
    FileInputFormat.setInputPaths(probe, file);
    // MultipleInputs: the file's splits as its own input's format makes them (untagged).
    InputFormat<?, ?> format = (InputFormat<?, ?>) ReflectionUtils.newInstance(
        org.provmr.recompute.mapreduce.ManifestInputFormat.formatOf(base, inputFormat, file),
        probe.getConfiguration());
    return format.getSplits(probe);
  }
}
