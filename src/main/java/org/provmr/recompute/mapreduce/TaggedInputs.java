package org.provmr.recompute.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.DelegatingInputFormat;
import org.provmr.mapreduce.MultipleInputsCheck;
import org.provmr.mapreduce.TaggedSplits;

/**
 * The input format and mapper of a recorded file range of a MultipleInputs job. Capture
 * records the file range inside each tagged split (TaggedSplits); a recompute that replays a
 * range tags it again with the format and mapper of the input path it lies under (from the
 * replayed {@code mapreduce.input.multipleinputs.dir.*}), so Hadoop's DelegatingInputFormat
 * and the job's delegating mapper read and map it as the original task did. MultipleInputsCheck
 * refused overlapping inputs at submission, so at most one input matches; a file under none of
 * them (the recorded inputs were edited) fails naming it.
 */
final class TaggedInputs {
  private TaggedInputs() {
  }

  /** Whether the replayed job read its inputs through MultipleInputs. */
  static boolean applies(Configuration conf, Class<?> originalInputFormat) {
    return originalInputFormat == DelegatingInputFormat.class
        && MultipleInputsCheck.applies(conf);
  }

  /** {@code split} (a range of {@code file}) tagged with its input's format and mapper. */
  static InputSplit tag(Configuration conf, InputSplit split, Path file) throws IOException {
    MultipleInputsCheck.Input in = inputOf(conf, file);
    Class<?> format = conf.getClassByNameOrNull(in.inputFormat());
    Class<?> mapper = in.mapper() == null ? null : conf.getClassByNameOrNull(in.mapper());
    if (format == null || in.mapper() != null && mapper == null) {
      throw new IOException("Input " + in.path() + " of the recorded MultipleInputs names "
          + in.inputFormat() + " / " + in.mapper() + ", not on the class path");
    }
    return TaggedSplits.tag(split, conf, format, mapper);
  }

  /** The recorded input that {@code file} was read from. */
  static MultipleInputsCheck.Input inputOf(Configuration conf, Path file) throws IOException {
    return MultipleInputsCheck.inputOf(conf, file);
  }
}
