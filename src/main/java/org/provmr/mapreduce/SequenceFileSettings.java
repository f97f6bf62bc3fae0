package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.SequenceFile.Metadata;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.HeaderContext;
import org.provmr.io.SequenceFileHeader;

/**
 * The SequenceFile container of provenance records: compression from Hadoop's usual output
 * keys (FileOutputFormat.setCompressOutput, SequenceFileOutputFormat.setOutputCompressionType),
 * and the per-file metadata compact headers are decoded against.
 */
class SequenceFileSettings {
  /** Metadata key: header format version. */
  static final String META_VERSION = "provenance.header.version";
  static final String META_ALGORITHM = "provenance.checksum.algorithm";
  static final String META_MODE = "provenance.header.mode";
  static final String META_TIMESTAMP_BASE = "provenance.timestamp.base";
  static final String META_LINEAGE_ID = "provenance.lineage.id";
  static final String META_JOB = "provenance.job.id";
  static final String META_TASK = "provenance.task";
  static final String META_VALUE_CLASS = "provenance.value.class";
  /**
   * The part's identity: a random nonce also recorded in its parts.json entry, so a file put
   * in the part's place (another output's part, an older copy) is recognized as not this part.
   */
  static final String META_PART_IDENTITY = "provenance.part.identity";
  static final String FORMAT_VERSION = "1";

  /** The container's compression, from Hadoop's usual output keys. */
  static CompressionType compressionType(TaskAttemptContext context) {
    return FileOutputFormat.getCompressOutput(context)
        ? SequenceFileOutputFormat.getOutputCompressionType(context) : CompressionType.NONE;
  }

  /** A compressed file's writer, which writes the header; the writer compresses the records. */
  SequenceFile.Writer createWriter(Configuration conf, FSDataOutputStream out,
      TaskAttemptContext context, Metadata metadata) throws IOException {
    CompressionType type = compressionType(context);
    CompressionCodec codec = ReflectionUtils.newInstance(
        FileOutputFormat.getOutputCompressorClass(context, DefaultCodec.class), conf);
    return SequenceFile.createWriter(conf,
        SequenceFile.Writer.stream(out),
        SequenceFile.Writer.keyClass(context.getOutputKeyClass()),
        SequenceFile.Writer.valueClass(ProvenanceWritable.class),
        SequenceFile.Writer.compression(type, codec),
        // The record writer places sync points itself (every SYNC_INTERVAL bytes, as
        // Hadoop would), so that it knows which record follows one and gets a type mark.
        SequenceFile.Writer.syncInterval(Integer.MAX_VALUE),
        SequenceFile.Writer.metadata(metadata));
  }

  Metadata metadata(HeaderContext header, HeaderMode mode, String task, String identity,
      TaskAttemptContext context) {
    Metadata m = SequenceFileHeader.newMetadata(); // see there: fewer classes in a task JVM
    m.set(new Text(META_VERSION), new Text(FORMAT_VERSION));
    m.set(new Text(META_ALGORITHM), new Text(header.algorithm().configName()));
    m.set(new Text(META_MODE), new Text(mode.configName()));
    m.set(new Text(META_TIMESTAMP_BASE), new Text(Long.toString(header.timestampBase())));
    m.set(new Text(META_LINEAGE_ID), new Text(Integer.toString(header.defaultLineageId())));
    m.set(new Text(META_JOB), new Text(context.getJobID().toString()));
    m.set(new Text(META_TASK), new Text(task));
    m.set(new Text(META_PART_IDENTITY), new Text(identity));
    m.set(new Text(META_VALUE_CLASS), new Text(context.getOutputValueClass().getName()));
    return m;
  }
}
