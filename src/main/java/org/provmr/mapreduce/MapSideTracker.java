package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.NLineInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map task's side of capture: knows which source (split) the task reads and where the
 * current record sits in it, stamps outgoing values with that DataID, and at the end records
 * the split in the source manifest, fingerprint included.
 */
final class MapSideTracker {
  private static final Logger LOG = LoggerFactory.getLogger(MapSideTracker.class);

  private final TaskInputOutputContext<?, ?, ?, ?> context;
  private final int sourceId;
  private final FileSplit fileSplit;
  private final InputSplit split;
  private final RecordPosition published;
  private final CombinedChunks chunks;
  private int chunk = -1;
  private long chunkOrdinal = -1;
  private final TracedValue traced = new TracedValue();
  private long recordOffset;
  private long recordLength;
  private long ordinal = -1;
  private boolean inCleanup;
  private boolean sawOffsetKey;
  /** Every record is attributed to the whole split (output not in step with input). */
  private final boolean wholeSplit;
  /** The split's entry as computed before the map loop, fingerprint included, or null. */
  private SourceEntry before;

  /**
   * @param wholeSplit attribute every record written to the whole split: the mapper writes
   *     from another thread, after records it may have read long before (Hadoop Streaming)
   */
  MapSideTracker(TaskInputOutputContext<?, ?, ?, ?> context, InputSplit split,
      boolean wholeSplit) throws IOException {
    this.context = context;
    // MultipleInputs: the source is the file range inside the tag, not the tag.
    split = TaggedSplits.inner(SelfCountingSplit.inner(split));
    this.split = split;
    // A job re-reading splits of an earlier job (a recompute) keeps their source ids.
    this.sourceId = SourceIdentifiedSplit.of(split,
        context.getTaskAttemptID().getTaskID().getId());
    this.fileSplit = split instanceof FileSplit ? (FileSplit) split : null;
    this.published = RecordPosition.take(split);
    this.chunks = split instanceof CombineFileSplit ? new CombinedChunks((CombineFileSplit) split,
        context.getConfiguration(), context.getTaskAttemptID().getTaskID().getId()) : null;
    this.wholeSplit = wholeSplit;
    if (context.getNumReduceTasks() > 0) {
      // Values entering the shuffle are checked as a plain job's are (TracedValue.declare).
      traced.declare(ProvenanceJob.getMapOutputValueClass(context.getConfiguration()), false);
    }
    if (wholeSplit && fileSplit == null && chunks == null) {
      // A non-file split's extent is counted in records, which the writing thread cannot see.
      throw new IOException("A mapper that writes after its records (Hadoop Streaming) needs"
          + " file input splits under provenance; got " + split.getClass().getName());
    }
  }

  /**
   * Before the map loop: offers the split to the job's MapOutputKeeper, which may write its
   * map output from an earlier run of the same map step over the same bytes. When it does, the
   * split is recorded in the manifest as if mapped and the task has nothing left to do.
   * Only plain file splits of capture jobs (not a recompute's) with fingerprints are offered.
   */
  boolean replayed() throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    MapOutputKeeper keeper = ProvenanceJob.getMapOutputKeeper(conf);
    if (keeper == null || fileSplit == null || chunks != null || published != null
        || ProvenanceJob.getRecomputedLineage(conf) >= 0 || !keeper.mayReplay(conf)
        || !conf.getBoolean(ProvenanceKeys.FINGERPRINT_ENABLED,
            ProvenanceKeys.FINGERPRINT_ENABLED_DEFAULT)) {
      return false;
    }
    if (!(context.getOutputCommitter() instanceof FileOutputCommitter)) {
      return false; // a replayed split could not be recorded in the manifest
    }
    // Read, not composed from the .crc twin: the reader has not checked it against the bytes.
    before = SourceEntries.of(conf, sourceId, fileSplit.getPath(), fileSplit.getStart(),
        fileSplit.getLength(), SourceEntry.POSITIONS_BYTES, false);
    SourceEntry recorded = keeper.replay(context, before);
    if (recorded == null) {
      return false;
    }
    Path work = ((FileOutputCommitter) context.getOutputCommitter()).getWorkPath();
    LineageStore.writeSourceFragment(work.getFileSystem(conf), work, recorded);
    context.getCounter(ProvenanceCounter.SOURCES).increment(1);
    return true;
  }

  /** Called before each map() with the record about to be processed. */
  void onRecord(Object key, Object value) {
    ordinal++;
    if (chunks != null) {
      onCombinedRecord(key, value);
    } else if (published != null) {
      recordOffset = published.offset - splitStart();
      recordLength = published.length;
    } else if (fileSplit != null && key instanceof LongWritable) {
      // TextInputFormat and friends: the key is the record's byte offset in the file.
      sawOffsetKey = true;
      recordOffset = ((LongWritable) key).get() - fileSplit.getStart();
      recordLength = byteLength(value);
    } else {
      recordOffset = ordinal;
      recordLength = 1;
    }
  }

  /** A record of a combined split: its chunk's source id, its position in that chunk. */
  private void onCombinedRecord(Object key, Object value) {
    int now = chunks.locate();
    chunkOrdinal = now == chunk ? chunkOrdinal + 1 : 0;
    chunk = now;
    if (chunk >= 0 && key instanceof LongWritable) {
      // CombineTextInputFormat: the key is the record's byte offset in the chunk's file.
      sawOffsetKey = true;
      recordOffset = ((LongWritable) key).get() - chunks.start(chunk);
      recordLength = byteLength(value);
    } else {
      recordOffset = chunkOrdinal;
      recordLength = 1;
    }
  }

  /** Records written from cleanup() depend on the whole split, not on one record. */
  void onCleanup() {
    inCleanup = true;
  }

  /** The value to hand to the framework for a user value written now. */
  TracedValue trace(Writable value) {
    if (wholeSplit) {
      // Reads only fields fixed at construction: it runs on the writing thread.
      return chunks != null ? traced.setSources(value, chunks.all())
          : traced.setRange(value, sourceId, 0, fileSplit.getLength());
    }
    if (chunks != null) {
      // Whole-split writes, and records whose chunk the reader did not name, depend on all.
      return inCleanup || chunk < 0 ? traced.setSources(value, chunks.all())
          : traced.setRange(value, chunks.id(chunk), recordOffset, recordLength);
    }
    if (inCleanup || ordinal < 0) {
      long whole = fileSplit != null ? fileSplit.getLength() : ordinal + 1;
      return traced.setRange(value, sourceId, 0, whole);
    }
    return traced.setRange(value, sourceId, recordOffset, recordLength);
  }

  private long splitStart() {
    return fileSplit != null ? fileSplit.getStart() : 0;
  }

  private static long byteLength(Object value) {
    if (value instanceof Text) {
      return ((Text) value).getLength();
    }
    if (value instanceof BytesWritable) {
      return ((BytesWritable) value).getLength();
    }
    return 0;
  }

  /** After the last record: writes this split's manifest entry into the task's work path. */
  void finish() throws IOException, InterruptedException {
    if (!(context.getOutputCommitter() instanceof FileOutputCommitter)) {
      LOG.warn("No FileOutputCommitter in this task; source {} is not recorded", sourceId);
      return;
    }
    Path work = ((FileOutputCommitter) context.getOutputCommitter()).getWorkPath();
    Configuration conf = context.getConfiguration();
    FileSystem workFs = work.getFileSystem(conf);
    List<SourceEntry> read = new ArrayList<>();
    if (chunks != null) {
      String positions = sawOffsetKey || ordinal < 0
          ? SourceEntry.POSITIONS_BYTES : SourceEntry.POSITIONS_ORDINAL;
      for (int i = 0; i < chunks.count(); i++) {
        SourceEntry e = SourceEntries.of(conf, chunks.id(i), chunks.path(i), chunks.start(i),
            chunks.length(i), positions, false);
        LineageStore.writeSourceFragment(workFs, work, e);
        read.add(e);
      }
    } else {
      SourceEntry e = describe(conf, readerVerifiedSplit(conf));
      LineageStore.writeSourceFragment(workFs, work, e);
      context.getCounter(ProvenanceCounter.SOURCES).increment(1);
      read.add(e);
    }
    MapOutputKeeper keeper = ProvenanceJob.getMapOutputKeeper(conf);
    if (keeper != null) {
      keeper.sourcesRead(context, read);
    }
  }

  /**
   * Whether Hadoop's line reader has read every byte of the split through the local file
   * system's checksummed stream, which compared them with the {@code .crc} twin's sums: only
   * then may the fingerprint be composed from those sums
   * ({@link org.provmr.store.CrcTwinFingerprints}). Not for a MapOutputKeeper's splits, whose
   * replay compares a fingerprint read before the map loop.
   */
  private boolean readerVerifiedSplit(Configuration conf) {
    if (!inCleanup || fileSplit == null || published != null || before != null
        || ProvenanceJob.getMapOutputKeeper(conf) != null
        || !conf.getBoolean(ProvenanceKeys.FINGERPRINT_FROM_CRC,
            ProvenanceKeys.FINGERPRINT_FROM_CRC_DEFAULT)) {
      return false; // inCleanup: the reader said it had no more records
    }
    try {
      Class<?> format = SelfCountingInputFormat.userFormat(context);
      return (format == TextInputFormat.class || format == KeyValueTextInputFormat.class
          || format == NLineInputFormat.class)
          && new CompressionCodecFactory(conf).getCodec(fileSplit.getPath()) == null;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private SourceEntry describe(Configuration conf, boolean readerVerified)
      throws IOException, InterruptedException {
    String positions = published != null || sawOffsetKey || ordinal < 0
        ? SourceEntry.POSITIONS_BYTES : SourceEntry.POSITIONS_ORDINAL;
    if (fileSplit == null) {
      return new SourceEntry(sourceId, split.toString(), 0, split.getLength(), -1, -1,
          SourceEntry.POSITIONS_ORDINAL, null, null, 0, null, null);
    }
    if (before != null) {
      // Fingerprinted before the map loop (offered to the keeper): not read a second time.
      return new SourceEntry(before.id(), before.uri(), before.start(), before.length(),
          before.fileLength(), before.modificationTime(), positions,
          before.fingerprintAlgorithm(), before.fingerprint(), before.chunkBytes(),
          before.chunkFingerprints(), before.upstream());
    }
    return SourceEntries.of(conf, sourceId, fileSplit.getPath(), fileSplit.getStart(),
        fileSplit.getLength(), positions, readerVerified);
  }
}
