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
 * The job-commit merge of the tasks' store fragments ({@code _provenance/tasks/}) into the
 * entry files. Memory: an int a source fragment and a name a part fragment, never the entries:
 * each fragment is read when its turn comes and written straight into the deflate stream.
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
    Path fragments = LineageStore.fragments(output);
    int[] sourceIds = new int[16];
    int nSources = 0;
    List<String> partNames = new ArrayList<>();
    if (fs.exists(fragments)) {
      RemoteIterator<FileStatus> it = fs.listStatusIterator(fragments);
      while (it.hasNext()) {
        String name = it.next().getPath().getName();
        if (name.endsWith(".json")) {
          // The JSON fragments of earlier ProvMR builds: a job's tasks and its commit run one
          // job jar, so this is a task of another ProvMR writing into this job's output.
          throw new IOException("Task fragment " + new Path(fragments, name) + " is in the"
              + " JSON form of an older ProvMR: the tasks of job " + job.jobId() + " ran"
              + " another ProvMR than its commit. Re-run the job with one ProvMR version.");
        }
        // Without the fragment suffix the name matches nothing below and is ignored.
        String stem = name.endsWith(StoreNames.FRAGMENT_SUFFIX)
            ? name.substring(0, name.length() - StoreNames.FRAGMENT_SUFFIX.length()) : "";
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
              + " fragment", new Path(fragments, name), job.jobId());
        }
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
        Path f = new Path(fragments, name);
        PartEntry p = only(StoreBinary.readParts(fragment(fs, f), f.toString()), f);
        records[0] += p.records();
        each.accept(p);
      }
    }, key);
    fs.delete(fragments, true);
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
