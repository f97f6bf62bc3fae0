package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter;
import org.apache.hadoop.util.functional.RunnableRaisingIOE;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ByteSink;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.Confidence;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.lineage.Lineage;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.header.TypeMark;
import org.provmr.io.SequenceFileHeader;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageStore;
import org.provmr.store.MacKey;
import org.provmr.store.PartMac;
import org.provmr.store.PartEntry;

/**
 * Writes records as {@code key -> [header][value]} into a SequenceFile and, on close, the
 * part's entry for the lineage store.
 *
 * <p>Per record: the key and value are serialized once, side by side, into a reused buffer and
 * checksummed in one pass; the header, encoded into a reused buffer, is then inserted between
 * them. Nothing is allocated per record in compact mode.
 *
 * <p>Uncompressed files (the default) skip {@code SequenceFile.Writer.appendRaw}: the key and
 * value are serialized straight into a record buffer behind room for the two length ints, the
 * header goes between them, and the whole record, byte for byte what appendRaw would write,
 * reaches the file in one write, straight to the part's buffered, checksumming stream. appendRaw
 * wrote two ints a byte at a time and three arrays, each through the synchronized
 * {@code DataOutputStream} of the file and its position counter: eleven monitor round trips per
 * record, the largest item in the writer's profile (bench/README.md). Sync markers are placed by
 * this class either way (the Hadoop writer's interval is disabled). Such a file needs no
 * SequenceFile.Writer at all: its header is written by
 * {@link SequenceFileHeader#writeUncompressed}.
 */
final class ProvenanceRecordWriter<K, V> extends RecordWriter<K, V> {
  /** Compressed files' writer; null for uncompressed ones (see the class comment). */
  private final SequenceFile.Writer writer;
  /** An uncompressed file's sync marker, written at each sync point; else null. */
  private final byte[] sync;
  private final FSDataOutputStream file;
  // The same stream: uncompressed records are written here, past FSDataOutputStream.
  private final HashingOutputStream hashing;
  private final PayloadHasher partHasher;
  private final PayloadHasher payloadHasher;
  private final HeaderCodec codec;
  private final HeaderContext headerContext;
  private final ProvenanceHeader header = new ProvenanceHeader();
  // [record length][key length][key][type mark?][header][value]: the key and the value are
  // serialized from KEY_AT, the header (and mark) inserted between them once the checksum of
  // both is known; uncompressed files get the whole buffer in one write.
  private static final int KEY_AT = 8;
  private final RecordBytes recordBytes = new RecordBytes();
  private final ProvenanceWritable<Writable> record = new ProvenanceWritable<>();
  private final RawRecordValue rawValue = new RawRecordValue();
  private final boolean rawAppend;
  private final SourceSetDictionary dictionary;
  private final SelfContained selfContained;
  private final Path path;
  private final String partName;
  private final Path workDir;
  private final Configuration conf;
  private final String task;
  private final String identity = UUID.randomUUID().toString();
  private final PartMac mac;
  private final MacKey macKey;
  private final long macChunkBytes;
  private final CompressionType compression;
  // The classes the file's header names (SequenceFileSettings, TypeMark): a record of any
  // other class would make the part unreadable, so it is refused as SequenceFile.Writer does.
  private final Class<?> keyClass;
  private final Class<?> valueClass;
  // The payload class's type mark, in front of the first record of the file and of every
  // sync block, so that plain SequenceFile readers can build the value (TypeMark).
  private final ByteSink typeMark = new ByteSink(128);
  private boolean markNext = true;
  private RunnableRaisingIOE ifEmpty;
  private long syncEnd;
  private long records;
  private long headerBytes;

  ProvenanceRecordWriter(TaskAttemptContext context, Path path, Path workDir,
      SequenceFileSettings container) throws IOException {
    this(context, path, path.getName(), workDir, container);
  }

  /**
   * @param partName the part's name in the store: its file name, or for a sub-stream part
   *     {@code <substream>/<file name>} (RoutedRecordWriter)
   */
  ProvenanceRecordWriter(TaskAttemptContext context, Path path, String partName, Path workDir,
      SequenceFileSettings container) throws IOException {
    this.partName = partName;
    this.conf = context.getConfiguration();
    NamedOutputs.checkPartFile(path, workDir, conf);
    this.path = path;
    this.workDir = workDir;
    this.task = context.getTaskAttemptID().toString();
    this.dictionary = new SourceSetDictionary(ProvenanceJob.getSourceSetBudget(conf));
    ChecksumAlgorithm algorithm = ProvenanceJob.getChecksumAlgorithm(conf);
    HeaderMode mode = ProvenanceJob.getHeaderMode(conf);
    // Recomputed records are re-stamped: LOW confidence (not yet revalidated) and the lineage
    // the job supplies (the original steps with a recompute step appended).
    int recomputeLineage = ProvenanceJob.getRecomputedLineage(conf);
    headerContext = new HeaderContext(algorithm, System.currentTimeMillis(),
        Math.max(0, recomputeLineage));
    codec = new HeaderCodec(headerContext, ProvenanceJob.getHeaderVersion(conf));
    payloadHasher = algorithm.newHasher();
    partHasher = algorithm.newHasher();
    header.setAlgorithm(algorithm);
    header.setConfidence(recomputeLineage >= 0 ? Confidence.LOW : Confidence.HIGH);
    header.setRecomputed(recomputeLineage >= 0);
    header.setSelfContained(mode == HeaderMode.SELF_CONTAINED);
    selfContained = mode == HeaderMode.SELF_CONTAINED
        ? new SelfContained(conf, context) : null;

    macKey = KeyedMode.jobKey(context);
    macChunkBytes = macKey == null ? 0 : KeyedMode.chunkBytes(conf);
    mac = macKey == null ? null : new PartMac(macKey, identity, macChunkBytes);

    FileSystem fs = path.getFileSystem(conf);
    FSDataOutputStream raw = fs.create(path, false);
    // The hashing stream buffers, so the part checksum is computed over large chunks and not
    // over the 4-byte ints the SequenceFile writer emits one byte at a time.
    hashing = new HashingOutputStream(raw, partHasher, mac);
    file = hashing.asFsStream();
    compression = SequenceFileSettings.compressionType(context);
    rawAppend = compression != CompressionType.RECORD;
    SequenceFile.Metadata metadata =
        container.metadata(headerContext, mode, task, identity, context);
    if (compression == CompressionType.NONE) {
      writer = null;
      sync = SequenceFileHeader.writeUncompressed(file, context.getOutputKeyClass().getName(),
          ProvenanceWritable.class.getName(), metadata);
    } else {
      writer = container.createWriter(conf, file, context, metadata);
      sync = null;
    }
    keyClass = context.getOutputKeyClass();
    valueClass = context.getOutputValueClass();
    TypeMark.write(typeMark, valueClass.getName());
    syncEnd = hashing.position();
  }

  @Override
  public void write(K key, V value) throws IOException {
    Object v = value instanceof TracedValue ? value : NamedOutputs.trace(value);
    if (v == null) { // neither traced by the context nor written on a traced task's thread
      throw new IOException("ProvenanceOutputFormat got a plain "
          + (value == null ? "null" : value.getClass().getName()) + " value for key " + key
          + ": the job's mapper/reducer must extend ProvenanceMapper/ProvenanceReducer (or run"
          + " under 'provmr wrap') and the driver must call ProvenanceJob.configure(job)");
    }
    TracedValue traced = (TracedValue) v;
    if (key.getClass() != keyClass) {
      throw wrongClass("key", key.getClass(), keyClass, "setOutputKeyClass");
    }
    Class<?> payload = traced.value().getClass();
    if (payload != valueClass && payload != NullWritable.class) { // null values: see TracingMapper
      throw wrongClass("value", payload, valueClass, "setOutputValueClass");
    }
    RecordBytes rec = recordBytes;
    rec.resetReserving(KEY_AT);
    serialize(key, rec);
    int valueAt = rec.getLength();
    serialize(traced.value(), rec);
    int keyLength = valueAt - KEY_AT;
    int valueLength = rec.getLength() - valueAt;
    // The payload checksum covers the key's bytes then the value's, adjacent here: one update.
    payloadHasher.update(rec.getData(), KEY_AT, keyLength + valueLength);
    payloadHasher.finish(header.checksumArray(), 0);
    header.setTimestampMillis(System.currentTimeMillis());
    stampDataId(traced);
    // Decided before encoding: a v2 header that starts a sync block must not be a delta.
    boolean blockStart = startsSyncBlock();
    if (blockStart) {
      codec.startBlock();
    }
    int headerLength = codec.encode(header);
    rec.insert(valueAt, codec.buffer(), headerLength);
    if (blockStart) {
      rec.insert(valueAt, typeMark.array(), typeMark.length());
    }
    // The SequenceFile value: [type mark?][header][value], what appendRaw would write.
    int prefixedLength = rec.getLength() - valueAt;
    if (compression == CompressionType.NONE) {
      rec.putInt(0, keyLength + prefixedLength);
      rec.putInt(4, keyLength);
      hashing.write(rec.getData(), 0, rec.getLength());
    } else if (rawAppend) {
      // The key is already serialized (for the checksum): hand the bytes over as they are.
      rawValue.set(rec.getData(), valueAt, prefixedLength);
      writer.appendRaw(rec.getData(), KEY_AT, keyLength, rawValue);
    } else {
      // Record compression compresses each value itself: go through the Writable.
      record.setEncoded(rec.getData(), valueAt, prefixedLength);
      writer.append(key, record);
    }
    if (compression == CompressionType.BLOCK) {
      // A block-compressed writer writes only when it flushes a block, after a sync marker.
      long length = hashing.position(); // the writer's getLength, without its monitor
      markNext = length != syncEnd;
      syncEnd = length;
    }
    records++;
    headerBytes += headerLength;
  }

  /**
   * SequenceFile.Writer's words for a record of another class than its file's, and the fix. A
   * plain job's TextOutputFormat would have written any class as text; ProvMR's part is a
   * SequenceFile, and such a record would leave it unreadable after a job that succeeded.
   */
  private IOException wrongClass(String what, Class<?> c, Class<?> declared, String setter) {
    return new IOException("wrong " + what + " class: " + c.getName() + " is not " + declared
        + " in " + path + " (a ProvMR part is a SequenceFile whose header names the job's"
        + " output " + what + " class: write that class, or declare the one written with"
        + " Job." + setter + ", or MultipleOutputs.addNamedOutput for a named output)");
  }

  /**
   * Writes {@code w} as its own {@code write} would. A {@code Text} under 128 bytes (most keys)
   * is written here: its length is Hadoop's VInt, one byte below 128, then its bytes. Text.write
   * reaches that byte through {@code WritableUtils.writeVLong}, which Hadoop also calls on other
   * streams (each part's SequenceFile header, the job's split files), and C2 compiled it for this
   * buffer, then threw the compiled writer away and recompiled it at each new stream type
   * (-XX:+LogCompilation: class_check traps in writeVLong, bench/README.md). A subclass of Text
   * may write differently, so only Text itself is taken here.
   */
  private static void serialize(Object w, RecordBytes out) throws IOException {
    if (w.getClass() == Text.class) {
      Text t = (Text) w;
      int n = t.getLength();
      if (n < 128) {
        out.writeShortBytes(t.getBytes(), n);
        return;
      }
    }
    ((Writable) w).write(out);
  }

  /**
   * Whether the next record is the first after a sync marker (or of the file); places the
   * sync points of uncompressed and record-compressed files where Hadoop's writer would.
   */
  private boolean startsSyncBlock() throws IOException {
    if (compression == CompressionType.BLOCK) {
      return markNext;
    }
    boolean first = markNext;
    markNext = false;
    // The file's length, which the SequenceFile writer's getLength also reads (asFsStream),
    // without its monitor.
    if (!first && hashing.position() >= syncEnd + SequenceFile.SYNC_INTERVAL) {
      if (writer != null) {
        writer.sync();
      } else {
        SequenceFileHeader.writeSync(hashing, sync);
      }
      first = true;
    }
    if (first) {
      syncEnd = hashing.position();
    }
    return first;
  }

  private void stampDataId(TracedValue traced) throws IOException {
    if (traced.hasRange()) {
      int source = traced.rangeSource();
      dictionary.noteSource(source);
      header.setRange(source, traced.rangeOffset(), traced.rangeLength());
    } else {
      header.setSourceSet(true);
      header.setSourceSetId(dictionary.idOf(traced.sources()));
    }
    if (selfContained != null) {
      selfContained.fill(header, traced);
    }
  }

  /**
   * A sub-stream part opened ahead of its task's records: if none came, it is deleted at close
   * and {@code replacement} runs instead (the task's main part, written empty).
   */
  void replaceIfEmpty(RunnableRaisingIOE replacement) {
    ifEmpty = replacement;
  }

  @Override
  public void close(TaskAttemptContext context) throws IOException {
    try {
      if (writer != null) {
        writer.close(); // writes a block-compressed file's last block
      }
    } finally {
      file.close();
    }
    if (ifEmpty != null && records == 0) {
      RoutedRecordWriter.removeEmptyPart(path.getFileSystem(conf), path, workDir);
      ifEmpty.apply();
      return;
    }
    byte[] digest = new byte[headerContext.algorithm().length()];
    partHasher.finish(digest, 0);
    // The file was created here, so its length is the bytes this writer passed on: no
    // getFileStatus (a stat here, a NameNode call on HDFS) per part.
    PartEntry entry = new PartEntry(partName, task, records, hashing.position(),
        headerContext.algorithm().configName(), HexFormat.of().formatHex(digest),
        ProvenanceJob.getHeaderMode(conf).configName(), headerContext.timestampBase(),
        headerContext.defaultLineageId(), headerBytes, dictionary.allSources(),
        dictionary.entries(), dictionary.summaryId(), dictionary.summarizedRecords(), identity, macKey == null ? null : macKey.id(), macChunkBytes,
        mac == null ? null : mac.finish());
    LineageStore.writePartFragment(workDir.getFileSystem(conf), workDir, entry);
    // Hadoop counts a FileOutputFormat's bytes around each record; this format is not one
    // (ProvenanceOutputFormat), so the part's bytes are counted here, once.
    context.getCounter(FileOutputFormatCounter.BYTES_WRITTEN).increment(hashing.position());
    context.getCounter(ProvenanceCounter.RECORDS_STAMPED).increment(records);
    context.getCounter(ProvenanceCounter.HEADER_BYTES).increment(headerBytes);
    context.getCounter(ProvenanceCounter.SOURCE_SETS).increment(dictionary.entries().size());
  }

  /** Self-contained mode: resolves source ids to URIs and inlines the job's lineage. */
  private static final class SelfContained {
    private final SourceResolver resolver;
    private final Lineage lineage;
    private final List<SourceRef> refs = new ArrayList<>();

    SelfContained(Configuration conf, TaskAttemptContext context) throws IOException {
      resolver = new SourceResolver(conf, context.getJobID());
      lineage = JobLineage.of(conf, context.getJobID().toString());
    }

    void fill(ProvenanceHeader header, TracedValue traced) throws IOException {
      refs.clear();
      if (traced.hasRange()) {
        refs.add(resolver.range(traced.rangeSource(), traced.rangeOffset(),
            traced.rangeLength()));
      } else {
        for (int i = 0; i < traced.sources().size(); i++) {
          refs.add(resolver.whole(traced.sources().get(i)));
        }
      }
      header.setSources(refs);
      header.setLineage(lineage);
    }
  }
}
