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
      for (FileStatus st : fs.listStatus(new Path(dir), FileInputFormatFilters.VISIBLE)) {
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
      if (s.upstream() != null && !present.contains(s.uri())) {
        changed.add(s.uri()); // a part that no longer exists: its splits retire
      }
    }
    return changed;
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
