package org.provmr.conf;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * Every ProvMR configuration key an operator sets, in one place, each with its default and the
 * reason for it. Internal keys (set by ProvMR for its own tasks) are private to the class that
 * owns them, behind typed setters and getters.
 *
 * <p>Keys are prefixed {@code provenance.} and never reuse Hadoop's own {@code mapreduce.*}
 * names. {@code conf/provmr-default.xml} documents the same keys for operators; a test keeps
 * the two in step. Typed access for job drivers lives in
 * {@link org.provmr.mapreduce.ProvenanceJob}.
 */
public final class ProvenanceKeys {

  static {
    // Operators' defaults and overrides, next to Hadoop's own *-default/*-site files. Only the
    // client side registers them: the CLI, the service, and the calls a driver makes with a
    // Job (ProvenanceJob's, WrappedJob's and ValidationJob's, through ofDriver or init), so a
    // driver that calls ProvenanceJob.configure itself reads provmr-site.xml too; Hadoop
    // reloads the Configurations created earlier. Never the getters tasks call: registering a
    // default resource makes Hadoop parse every Configuration of the JVM again (the task's
    // job.xml and Hadoop's *-default.xml files, 0.1-0.3 s of CPU per task JVM), and a task
    // needs none of it, its job.xml already holding every key the client resolved.
    Configuration.addDefaultResource("provmr-default.xml");
    Configuration.addDefaultResource("provmr-site.xml");
  }

  /** Payload checksum algorithm: crc32c, crc32 or sha-256. */
  public static final String CHECKSUM_ALGORITHM = "provenance.checksum.algorithm";
  /** CRC32C: hardware-accelerated in the JDK (tens of GB/s) and what HDFS itself uses. */
  public static final String CHECKSUM_ALGORITHM_DEFAULT = "crc32c";

  /** Header mode: compact (ids into the part's dictionaries) or self-contained (everything inline). */
  public static final String HEADER_MODE = "provenance.header.mode";
  /** Compact keeps the header within the 12-byte budget; self-contained is for records that travel alone. */
  public static final String HEADER_MODE_DEFAULT = "compact";

  /** Compact header format version written: 2 (deltas within a sync block) or 1. */
  public static final String HEADER_VERSION = "provenance.header.version";
  /**
   * 2 keeps map-side headers near 10 bytes at any offset; validation reports a damaged v2
   * header and the deltas it leaves unresolvable as one finding (docs/header-format.md).
   */
  public static final String HEADER_VERSION_DEFAULT = "2";

  /** Comma-separated configuration keys whose values are recorded as lineage parameters. */
  public static final String LINEAGE_PARAM_KEYS = "provenance.lineage.param.keys";
  /** Empty: the structural parameters (classes, reduces, inputs) are always recorded. */
  public static final String LINEAGE_PARAM_KEYS_DEFAULT = "";

  /** Whether map tasks fingerprint the bytes of their input split for the source manifest. */
  public static final String FINGERPRINT_ENABLED = "provenance.fingerprint.enabled";
  /** On: validation of sources needs it, and the split's bytes are still in the page cache. */
  public static final boolean FINGERPRINT_ENABLED_DEFAULT = true;

  /** Size of the chunks a split fingerprint is made of, so a changed source is located to a chunk. */
  public static final String FINGERPRINT_CHUNK_BYTES = "provenance.fingerprint.chunk.bytes";
  /** 1 MiB: 128 entries for a 128 MiB HDFS block, small in the manifest, fine enough to name records. */
  public static final long FINGERPRINT_CHUNK_BYTES_DEFAULT = 1L << 20;

  /**
   * Whether a split that Hadoop's line reader read and verified through the local file system
   * is fingerprinted from its {@code .crc} twin (CRC32 composed) instead of read again.
   */
  public static final String FINGERPRINT_FROM_CRC = "provenance.fingerprint.from.crc";
  /** On: the reader has just compared those sums with every byte, and composing is cheaper. */
  public static final boolean FINGERPRINT_FROM_CRC_DEFAULT = true;

  /**
   * Whether a capture job's map tasks count the "Bytes Read" counter themselves, once per task,
   * instead of Hadoop's MapTask walking the file system statistics around every record.
   */
  public static final String CAPTURE_COUNT_BYTES_READ = "provenance.capture.count.bytes.read";
  /** On: the walks cost a map-only grep 13% of its map thread; the counter is the same. */
  public static final boolean CAPTURE_COUNT_BYTES_READ_DEFAULT = true;

  /**
   * Bytes of exact source sets a part's dictionary keeps before further sets are summarized
   * (the precision policy, docs/scale.md).
   */
  public static final String CAPTURE_SOURCESETS_MAX_BYTES =
      "provenance.capture.sourcesets.max.bytes";
  /** 16 KiB: the store grows with parts, not keys x splits; exact inputs by replay beyond. */
  public static final String CAPTURE_SOURCESETS_MAX_BYTES_DEFAULT = "16k";

  /**
   * Source ids a map task reading a combined split (CombineFileInputFormat) may use: one per
   * file range in the split; a record's id is {@code taskIndex * this + range}.
   */
  public static final String COMBINED_SPLIT_MAX_FILES = "provenance.combined.split.max.files";
  /** 1024 ranges a split, for up to two million map tasks within an int id. */
  public static final int COMBINED_SPLIT_MAX_FILES_DEFAULT = 1024;

  /** Glob patterns of configuration keys never copied into the lineage store (secrets). */
  public static final String STORE_CONFIG_EXCLUDE = "provenance.store.config.exclude";
  /** Credentials must not end up in a world-readable _provenance/job.json. */
  public static final String STORE_CONFIG_EXCLUDE_DEFAULT =
      "*password*,*secret*,*token*,*.key,*credential*,*.keystore.*,hadoop.security.*";

  /** Client completion poll interval used when a job runs in local mode. */
  public static final String LOCAL_POLL_INTERVAL_MS = "provenance.local.poll.interval.ms";
  /** 100 ms: Hadoop's default of 5000 ms adds seconds to every small local job. */
  public static final int LOCAL_POLL_INTERVAL_MS_DEFAULT = 100;

  /** In local mode, how many map (and reduce) tasks LocalJobRunner runs at once, at most. */
  public static final String LOCAL_TASKS_MAX = "provenance.local.tasks.max";
  /** 4, capped by the machine's cores: Hadoop's default of 1 leaves all but one core idle. */
  public static final int LOCAL_TASKS_MAX_DEFAULT = 4;

  /**
   * Default staleness window of validation: a source not modified within it is
   * {@code data_staleness}. Durations such as 30m, 12h, 7d, 2w, or off. Per source path
   * pattern: {@code provenance.validate.staleness.window.<glob>} (e.g.
   * {@code provenance.validate.staleness.window./data/clicks/**} = 1h); the longest matching
   * pattern wins.
   */
  public static final String VALIDATE_STALENESS_WINDOW = "provenance.validate.staleness.window";
  /** 7 days: a daily or weekly feed that has not moved in a week is worth a warning. */
  public static final String VALIDATE_STALENESS_WINDOW_DEFAULT = "7d";

  /**
   * Comma-separated URIs under which validate and recompute may open sources; anything else
   * is forbidden_source. Required by validate, and by a recompute that reads sources: the
   * lineage store is data its writer controls and can only narrow these roots (to the inputs
   * it recorded), never widen them.
   */
  public static final String VALIDATE_SOURCE_ROOTS = "provenance.validate.source.roots";
  /** Empty: unset, so validate refuses to start (exit 2) until the operator names the roots. */
  public static final String VALIDATE_SOURCE_ROOTS_DEFAULT = "";

  /** Whether validation checks every record of every part, not only parts whose checksum fails. */
  public static final String VALIDATE_DEEP = "provenance.validate.deep";
  /** Off: the whole-part checksum already proves every record of a matching part. */
  public static final boolean VALIDATE_DEEP_DEFAULT = false;

  /**
   * How long validation trusts a source range it read and found unchanged, as long as its file
   * keeps its length, modification time and file-system checksum: a duration or off
   * (docs/cache.md, "Source-fingerprint cache"). Needs provenance.cache.dir.
   */
  public static final String VALIDATE_REVERIFY_PERIOD = "provenance.validate.reverify.period";
  /** off: every validation reads every source range (or composes its CRC on HDFS). */
  public static final String VALIDATE_REVERIFY_PERIOD_DEFAULT = "off";

  /** Bytes of parts and sources one validator map task checks (work units are packed up to it). */
  public static final String VALIDATE_SPLIT_BYTES = "provenance.validate.split.bytes";
  /** 256 MiB: a few seconds of sequential reading per task, few tasks for small sweeps. */
  public static final long VALIDATE_SPLIT_BYTES_DEFAULT = 256L << 20;

  /** Most record alerts a part gets (a changed source range, its own check); rest summed. */
  public static final String VALIDATE_RECORD_ALERTS_MAX = "provenance.validate.record.alerts.max";
  /** 1000: enough to act on; a changed 1 MiB chunk of a map-only input can name 10^4 records. */
  public static final long VALIDATE_RECORD_ALERTS_MAX_DEFAULT = 1000;

  /** Most part alerts one finding about a source file gives an output; the rest are counted. */
  public static final String VALIDATE_SOURCE_PART_ALERTS_MAX =
      "provenance.validate.source.part.alerts.max";
  /** 1000: a stale file read by every reducer of a job was an alert per split and reducer. */
  public static final long VALIDATE_SOURCE_PART_ALERTS_MAX_DEFAULT = 1000;

  /** Where provmr validate (and a sweep's validations) runs: auto, job or direct (in process). */
  public static final String VALIDATE_MODE = "provenance.validate.mode";
  /** auto: in process up to provenance.validate.direct.max.bytes, a MapReduce job above. */
  public static final String VALIDATE_MODE_DEFAULT = "auto";

  /** Most bytes (parts plus source ranges) validate reads in process, no job, in mode auto. */
  public static final String VALIDATE_DIRECT_MAX_BYTES = "provenance.validate.direct.max.bytes";
  /** 4g: a few seconds on 2 cores, under a YARN job's 10-20 s start-up (docs/validation.md). */
  public static final String VALIDATE_DIRECT_MAX_BYTES_DEFAULT = "4g";

  /** Threads that read parts and sources in an in-process validation; 0: one per core. */
  public static final String VALIDATE_DIRECT_THREADS = "provenance.validate.direct.threads";
  /** 0: as many as the JVM has cores; reading the page cache is CPU-bound (CRC32C). */
  public static final int VALIDATE_DIRECT_THREADS_DEFAULT = 0;

  /** Class name patterns (globs) that a recompute may load from a lineage store. */
  public static final String RECOMPUTE_ALLOWED_CLASSES = "provenance.recompute.allowed.classes";
  /**
   * ProvMR's and Hadoop's own classes: lineage is data read from files and must not be able to
   * name arbitrary code. Add your job's packages (e.g. com.example.etl.*).
   */
  public static final String RECOMPUTE_ALLOWED_CLASSES_DEFAULT =
      "org.provmr.*,org.apache.hadoop.*,java.lang.*";

  /**
   * Configuration keys (wildcards: {@code *} any run of characters) that a recompute sub-job
   * takes from the recorded configuration in job.json; every other recorded key is ignored and
   * the operator's configuration applies. Whatever is replayed still has every class it names
   * checked against {@link #RECOMPUTE_ALLOWED_CLASSES}.
   */
  public static final String RECOMPUTE_REPLAY_KEYS = "provenance.recompute.replay.keys";
  /**
   * What decides the result of a job (classes, key/value types, reduces, split and compression
   * settings, the parameters of Hadoop's library classes such as the aggregate framework's
   * descriptors or TotalOrderPartitioner's split points, ProvMR's capture settings, the
   * examples' parameters), nothing about where or as whom it runs: JVM options, environment,
   * jars, file systems and security stay the operator's. A library class whose parameter is
   * missing may run anyway with its default and succeed with another result
   * (ValueAggregatorMapper without descriptors counts records).
   */
  public static final String RECOMPUTE_REPLAY_KEYS_DEFAULT =
      "mapreduce.job.map.class,mapreduce.job.combine.class,mapreduce.job.reduce.class,"
      + "mapreduce.job.partitioner.class,mapreduce.job.inputformat.class,"
      + "mapreduce.job.outputformat.class,mapreduce.job.output.key.class,"
      + "mapreduce.job.output.value.class,mapreduce.map.output.key.class,"
      + "mapreduce.map.output.value.class,mapreduce.job.output.key.comparator.class,"
      + "mapreduce.job.output.group.comparator.class,"
      + "mapreduce.job.combiner.group.comparator.class,mapreduce.job.reduces,"
      + "mapred.mapper.new-api,mapred.reducer.new-api,mapreduce.input.fileinputformat.split.*,"
      + "mapreduce.input.fileinputformat.input.dir.recursive,"
      + "mapreduce.input.multipleinputs.dir.*,"
      + "mapreduce.input.keyvaluelinerecordreader.key.value.separator,"
      + "mapreduce.input.lineinputformat.linespermap,textinputformat.record.delimiter,"
      + "mapreduce.output.fileoutputformat.compress*,mapreduce.map.output.compress*,"
      + "mapreduce.partition.keypartitioner.options,mapreduce.partition.keycomparator.options,"
      + "mapreduce.output.textoutputformat.separator,mapreduce.multipleoutputs*,"
      + "mapreduce.aggregate.descriptor*,mapreduce.aggregate.max.num.unique.values,"
      + "mapreduce.totalorderpartitioner.*,"
      + "provenance.named.output.*,provenance.checksum.algorithm,"
      + "provenance.header.mode,provenance.lineage.param.keys,provenance.fingerprint.*,"
      + "provenance.combined.*,"
      + "provenance.map.output.value.class,provenance.wrap.*,provmr.*";

  /** How many recompute runs' backups of replaced parts are kept per output. */
  public static final String RECOMPUTE_BACKUP_RETENTION = "provenance.recompute.backup.retention";
  /**
   * 3: enough to undo the last few runs by hand; older backups are deleted. At least 1: the
   * backup of the run that just committed is never deleted.
   */
  public static final int RECOMPUTE_BACKUP_RETENTION_DEFAULT = 3;

  /** What a recompute does with a malformed alert line: fail (nothing runs) or skip (counted). */
  public static final String RECOMPUTE_MALFORMED_ALERTS = "provenance.recompute.malformed.alerts";
  /** fail: an alert file that cannot be read is a reason to stop, not to guess. */
  public static final String RECOMPUTE_MALFORMED_ALERTS_DEFAULT = "fail";

  /**
   * Whether a recompute sub-job that reads sub-stream parts of an upstream output and other
   * splits runs them in two phases, sub-stream parts first (docs/substreams.md).
   */
  public static final String RECOMPUTE_PRIORITY_FIRST = "provenance.recompute.priority.first";
  /** true: fresh data first, at the cost of a second job (and a discarded shuffle). */
  public static final boolean RECOMPUTE_PRIORITY_FIRST_DEFAULT = true;

  /** Largest record, or compressed block buffer, a reader of provenance parts accepts. */
  public static final String READ_MAX_RECORD_BYTES = "provenance.read.max.record.bytes";
  /**
   * 64m: a damaged or forged length is refused before it is allocated (a 4-byte length can
   * ask for 2 GB); a genuine larger record needs this raised on the reading side.
   */
  public static final String READ_MAX_RECORD_BYTES_DEFAULT = "64m";

  /** Largest lineage-store, alert, validation-report or policy file a command reads. */
  public static final String READ_MAX_METADATA_BYTES = "provenance.read.max.metadata.bytes";
  /** 64m: these files are read whole; a store of 10^5 splits is a few MiB. */
  public static final String READ_MAX_METADATA_BYTES_DEFAULT = "64m";

  /**
   * Entries (sources and parts) of the lineage stores one {@code provmr trace} reads and holds,
   * over every output it reaches (each store is read once and kept: its records and parts are
   * reached again).
   */
  public static final String TRACE_MAX_STORE_ENTRIES = "provenance.trace.max.store.entries";
  /**
   * 2000000: about 700 MB of heap (an entry took 360 bytes parsed, from as little as 4 bytes of
   * sources.bin); a job of 100,000 splits has 100,000. Upstream links are the stores' word, so
   * without it a crafted set of outputs made a trace hold as many stores as it named.
   */
  public static final String TRACE_MAX_STORE_ENTRIES_DEFAULT = "2000000";

  /** Records and parts one {@code provmr trace} follows (each at most once). */
  public static final String TRACE_MAX_NODES = "provenance.trace.max.nodes";
  /**
   * 10000: far more than a readable trace (--limit 20 a stage); the tree is kept whole for
   * --json, and stores can link records and parts into as many distinct nodes as they hold.
   */
  public static final String TRACE_MAX_NODES_DEFAULT = "10000";

  /**
   * Bytes of a source range {@code provmr trace --show-source} reads and prints, and
   * characters of a record's key or value a trace prints.
   */
  public static final String TRACE_SHOW_SOURCE_BYTES = "provenance.trace.show.source.bytes";
  /**
   * 4k: a record (a line) is shown whole; a longer range, such as a whole split of the coarse
   * walk, is cut to its first bytes, saying so, instead of read whole and kept.
   */
  public static final String TRACE_SHOW_SOURCE_BYTES_DEFAULT = "4k";

  /** Where provmr sweep keeps its dated alert directories when --alerts-root is not given. */
  public static final String SWEEP_ALERTS_ROOT = "provenance.sweep.alerts.root";
  /** Empty: provmr-sweeps under the user's home directory on the default file system. */
  public static final String SWEEP_ALERTS_ROOT_DEFAULT = "";

  /**
   * Keyed mode: the credential alias (Hadoop credential provider,
   * {@code hadoop.security.credential.provider.path}) of the HMAC-SHA256 key that signs parts
   * and lineage stores when they are written, and verifies them in validation.
   */
  public static final String KEYED_KEY_ALIAS = "provenance.keyed.key.alias";
  /** Empty: keyed mode off; checksums then detect accidents, not deliberate edits. */
  public static final String KEYED_KEY_ALIAS_DEFAULT = "";

  /** Keyed mode: comma-separated aliases of older keys still accepted when verifying (rotation). */
  public static final String KEYED_VERIFY_ALIASES = "provenance.keyed.verify.aliases";
  /** Empty: only the current key verifies; list retired keys here until their outputs are gone. */
  public static final String KEYED_VERIFY_ALIASES_DEFAULT = "";

  /** Keyed mode: bytes of part file each MAC covers, so a forged record is located to a chunk. */
  public static final String KEYED_CHUNK_BYTES = "provenance.keyed.chunk.bytes";
  /** 1 MiB: 32 bytes of MAC per MiB of output; a MAC per record would cost about 1 us a record. */
  public static final long KEYED_CHUNK_BYTES_DEFAULT = 1L << 20;

  /**
   * How old an output lock's heartbeat may get before the lock counts as stale (its holder was
   * killed) and the next recompute or sweep takes it over. A duration: 30s, 10m, 1h.
   */
  public static final String LOCK_STALE_TIMEOUT = "provenance.lock.stale.timeout";
  /**
   * 10 minutes: a live holder beats every quarter of it, so only a process stalled (or cut off
   * from the file system) for minutes loses its lock; larger than any sane clock skew between
   * machines, small enough that a killed sweep blocks the next cron run, not the next day's.
   */
  public static final String LOCK_STALE_TIMEOUT_DEFAULT = "10m";

  /**
   * How long nothing in an incomplete output (no _SUCCESS, no lineage store) must have changed
   * before {@code --overwrite-incomplete} deletes it. A duration: 0, 30s, 1m.
   */
  public static final String OUTPUT_INCOMPLETE_QUIET_PERIOD =
      "provenance.output.incomplete.quiet.period";
  /**
   * 1 minute: a job still running writes into its output (task files, commits) more often, so
   * its output is not mistaken for a killed run's; a rerun right after a kill waits a minute.
   */
  public static final String OUTPUT_INCOMPLETE_QUIET_PERIOD_DEFAULT = "1m";

  /**
   * OpenLineage events: none, http or file (docs/openlineage.md). Empty: http when
   * {@link #OPENLINEAGE_URL} (or the OPENLINEAGE_URL environment variable of the submitting
   * client) is set, otherwise none.
   */
  public static final String OPENLINEAGE_TRANSPORT = "provenance.openlineage.transport";
  /** Empty: off unless a URL is configured; ProvMR sends nothing anywhere by default. */
  public static final String OPENLINEAGE_TRANSPORT_DEFAULT = "";

  /** Base URL of an OpenLineage HTTP endpoint, e.g. Marquez's http://host:5000. */
  public static final String OPENLINEAGE_URL = "provenance.openlineage.url";
  /** Empty: no endpoint; the OPENLINEAGE_URL environment variable is used when set. */
  public static final String OPENLINEAGE_URL_DEFAULT = "";

  /** Path under the URL that takes events (OpenLineage's HTTP transport default). */
  public static final String OPENLINEAGE_ENDPOINT = "provenance.openlineage.endpoint";
  /** api/v1/lineage: what Marquez and the OpenLineage clients use. */
  public static final String OPENLINEAGE_ENDPOINT_DEFAULT = "api/v1/lineage";

  /** File the file transport appends events to, one JSON object a line. */
  public static final String OPENLINEAGE_FILE = "provenance.openlineage.file";
  /** Empty: the file transport needs a path. */
  public static final String OPENLINEAGE_FILE_DEFAULT = "";

  /** OpenLineage job namespace of ProvMR's runs. */
  public static final String OPENLINEAGE_NAMESPACE = "provenance.openlineage.namespace";
  /** provmr: one namespace for every ProvMR job unless the operator splits them. */
  public static final String OPENLINEAGE_NAMESPACE_DEFAULT = "provmr";

  /** Connect and read timeout of the HTTP transport; a duration: 500ms, 5s. */
  public static final String OPENLINEAGE_TIMEOUT = "provenance.openlineage.timeout";
  /** 5s: an unreachable endpoint delays a job's start and end by at most this, never fails it. */
  public static final String OPENLINEAGE_TIMEOUT_DEFAULT = "5s";

  /** Largest OpenLineage event sent, in bytes of its JSON. */
  public static final String OPENLINEAGE_MAX_EVENT_BYTES =
      "provenance.openlineage.max.event.bytes";
  /**
   * 1m: Kafka's default message size, a common OpenLineage transport; a job reading thousands
   * of paths, or lineage steps with long parameters, has its datasets and steps left out past
   * it, counted in the provmr facet's {@code truncated}, instead of a huge event to a catalog.
   */
  public static final String OPENLINEAGE_MAX_EVENT_BYTES_DEFAULT = "1m";

  /** Directory of the source history store (docs/prediction.md), on the cluster's file system. */
  public static final String HISTORY_DIR = "provenance.history.dir";
  /** Empty: no store; cadences are learned from the families' current files alone. */
  public static final String HISTORY_DIR_DEFAULT = "";

  /** Comma-separated path globs that name source families explicitly (/in/*.csv). */
  public static final String HISTORY_FAMILIES = "provenance.history.families";
  /** Empty: families are paths with their digit runs replaced by *. */
  public static final String HISTORY_FAMILIES_DEFAULT = "";

  /** Observations kept per family when the store is compacted (the newest). */
  public static final String HISTORY_MAX_UPDATES = "provenance.history.max.updates";
  /** 1000: 41 days of an hourly source, 3 years of a daily one. */
  public static final int HISTORY_MAX_UPDATES_DEFAULT = 1000;

  /** Writer files in the store beyond which the writer compacts them into one. */
  public static final String HISTORY_COMPACT_FILES = "provenance.history.compact.files";
  /** 16: a few reads per sweep, a compaction every 16 writers. */
  public static final int HISTORY_COMPACT_FILES_DEFAULT = 16;

  /** Updates a family needs before its learned cadence is trusted; until then the fixed staleness window applies. */
  public static final String CADENCE_MIN_UPDATES = "provenance.cadence.min.updates";
  /** 8: seven intervals, enough for a median and its spread. */
  public static final int CADENCE_MIN_UPDATES_DEFAULT = 8;

  /** How many robust standard deviations (1.4826 MAD) past the median interval a source may be before it is overdue; lower flags sooner and more often. */
  public static final String CADENCE_SENSITIVITY = "provenance.cadence.sensitivity";
  /** 4: under 1 false finding per 100 source-months in the simulator (docs/prediction.md). */
  public static final String CADENCE_SENSITIVITY_DEFAULT = "4";

  /** Least lateness, as a fraction of the median interval, before a regular source is overdue. */
  public static final String CADENCE_MIN_SLACK = "provenance.cadence.min.slack";
  /** 0.5: a daily source is overdue 12 h after its expected update at the earliest. */
  public static final String CADENCE_MIN_SLACK_DEFAULT = "0.5";

  /** Files of a family modified within this time of each other are one update (a job writing many parts). */
  public static final String CADENCE_BURST = "provenance.cadence.burst";
  /** 5m: the parts of one job's output. */
  public static final String CADENCE_BURST_DEFAULT = "5m";

  /**
   * Directory entries listing one source family may look at; past it only the files the
   * outputs read are looked at (a crafted source URI makes a glob over a whole tree).
   */
  public static final String CADENCE_MAX_LISTED = "provenance.cadence.max.listed";
  /** 100000: ten times the members a family keeps. */
  public static final long CADENCE_MAX_LISTED_DEFAULT = 100_000L;

  /** Directory entries listing all the source families of one survey may look at together. */
  public static final String CADENCE_MAX_LISTED_TOTAL = "provenance.cadence.max.listed.total";
  /** 1000000: ten families at the one-family maximum; a crafted store names 10,000 families. */
  public static final long CADENCE_MAX_LISTED_TOTAL_DEFAULT = 1_000_000L;

  /** Validation reports update_expected for outputs whose sources are predicted to update within this time. */
  public static final String CADENCE_HORIZON = "provenance.cadence.horizon";
  /** off: the forward-looking finding is opt-in (it makes a sweep exit 3). */
  public static final String CADENCE_HORIZON_DEFAULT = "off";

  /**
   * Directory (on the job's file system) of the map-output cache; empty turns the cache off
   * (docs/cache.md).
   */
  public static final String CACHE_DIR = "provenance.cache.dir";
  /** Empty: the cache costs disk space and a copy of each map output, so it is opted into. */
  public static final String CACHE_DIR_DEFAULT = "";

  /** Size budget of the cache directory; `provmr cache gc` evicts least recently used entries. */
  public static final String CACHE_MAX_BYTES = "provenance.cache.max.bytes";
  /** 10g: a few full map outputs of a typical daily job. */
  public static final String CACHE_MAX_BYTES_DEFAULT = "10g";

  /**
   * Whether a capture job with the cache on replays the entries earlier runs of the same map
   * step kept for its unchanged splits instead of mapping them (docs/cache.md).
   */
  public static final String CACHE_REUSE = "provenance.cache.reuse";
  /** true: same map step, same bytes, same output; false for mappers with side effects. */
  public static final boolean CACHE_REUSE_DEFAULT = true;

  /** provmr serve: the TCP port of its HTTP endpoints (notification, status, metrics, health). */
  public static final String SERVE_PORT = "provenance.serve.port";
  /** 8788: an unassigned port next to Hadoop's own web UIs; 0 picks a free one. */
  public static final String SERVE_PORT_DEFAULT = "8788";

  /** provmr serve: the address its HTTP endpoints bind to. */
  public static final String SERVE_BIND_HOST = "provenance.serve.bind.host";
  /** 127.0.0.1: only this machine can reach an unauthenticated service unless told otherwise. */
  public static final String SERVE_BIND_HOST_DEFAULT = "127.0.0.1";

  /** provmr serve: comma-separated roots it watches and accepts notifications for. */
  public static final String SERVE_WATCH_ROOTS = "provenance.serve.watch.roots";
  /** Empty: --watch must name at least one; no root means nothing is ever read. */
  public static final String SERVE_WATCH_ROOTS_DEFAULT = "";

  /** provmr serve: how often the roots are scanned for new or changed outputs; a duration. */
  public static final String SERVE_WATCH_INTERVAL = "provenance.serve.watch.interval";
  /** 1m: catches jobs run without the notification URL within a minute, one listing a minute. */
  public static final String SERVE_WATCH_INTERVAL_DEFAULT = "1m";

  /** provmr serve: how many directory levels below a root are searched for outputs. */
  public static final String SERVE_WATCH_DEPTH = "provenance.serve.watch.depth";
  /** 3: root/dataset/date/output; deeper trees cost a listing per directory per scan. */
  public static final String SERVE_WATCH_DEPTH_DEFAULT = "3";

  /** provmr serve: local directory of its durable event journal (pending, running, done). */
  public static final String SERVE_STATE_DIR = "provenance.serve.state.dir";
  /** Empty: .provmr-serve under the user's home directory. */
  public static final String SERVE_STATE_DIR_DEFAULT = "";

  /** provmr serve: where sweep run directories and results go when --alerts-root is not given. */
  public static final String SERVE_ALERTS_ROOT = "provenance.serve.alerts.root";
  /** Empty: provmr-serve under the user's home directory on the default file system. */
  public static final String SERVE_ALERTS_ROOT_DEFAULT = "";

  /** provmr serve: outputs processed at the same time. */
  public static final String SERVE_MAX_CONCURRENT = "provenance.serve.max.concurrent";
  /** 2: a validation job per core of a small gateway machine; raise it on a cluster. */
  public static final String SERVE_MAX_CONCURRENT_DEFAULT = "2";

  /** provmr serve: notifications unresolved plus outputs waiting, at which /notify gets 429. */
  public static final String SERVE_QUEUE_MAX = "provenance.serve.queue.max";
  /** 10000: a few MB of journal files; the notifier retries, the watch scan catches up. */
  public static final String SERVE_QUEUE_MAX_DEFAULT = "10000";

  /** provmr serve: outputs with at most this many part bytes are checked in its own JVM. */
  public static final String SERVE_DIRECT_MAX_BYTES = "provenance.serve.direct.max.bytes";
  /** 256m: 2-3 s of a worker in-process (docs/service.md, Threshold), under a job's fixed cost. */
  public static final String SERVE_DIRECT_MAX_BYTES_DEFAULT = "256m";

  /** provmr serve: shared secret (read with Configuration.getPassword) its endpoints require. */
  public static final String SERVE_SECRET = "provenance.serve.secret";
  /** Empty: no secret; keep the service bound to localhost then. */
  public static final String SERVE_SECRET_DEFAULT = "";

  /** provmr serve: how long SIGTERM waits for outputs being processed before leaving them queued. */
  public static final String SERVE_SHUTDOWN_GRACE = "provenance.serve.shutdown.grace";
  /** 30s: most small validations finish; the rest are journaled and resumed on restart. */
  public static final String SERVE_SHUTDOWN_GRACE_DEFAULT = "30s";

  /** provmr serve: the longest one HTTP request may hold a handler thread, answer included. */
  public static final String SERVE_REQUEST_TIMEOUT = "provenance.serve.request.timeout";
  /** 10s: a job-end notification takes milliseconds (Hadoop's notifier gives up after 5 s). */
  public static final String SERVE_REQUEST_TIMEOUT_DEFAULT = "10s";

  /** provmr serve: the longest one output's validation (and sweep) may hold a worker. */
  public static final String SERVE_VALIDATE_TIMEOUT = "provenance.serve.validate.timeout";
  /** 30m: far above a direct check (seconds) or a sweep's jobs; 0: no limit. */
  public static final String SERVE_VALIDATE_TIMEOUT_DEFAULT = "30m";

  /** provmr serve: how often an output already validated is checked again though unchanged. */
  public static final String SERVE_REVALIDATE_INTERVAL = "provenance.serve.revalidate.interval";
  /** 0: off; source drift is then found when the output changes or by a cron sweep. */
  public static final String SERVE_REVALIDATE_INTERVAL_DEFAULT = "0";

  /** provmr serve: Kerberos principal to log in as from the keytab (_HOST is replaced). */
  public static final String SERVE_KERBEROS_PRINCIPAL = "provenance.serve.kerberos.principal";
  /** Empty: no keytab login; the service runs as the current user (ticket cache). */
  public static final String SERVE_KERBEROS_PRINCIPAL_DEFAULT = "";

  /** provmr serve: the keytab file holding the key of provenance.serve.kerberos.principal. */
  public static final String SERVE_KERBEROS_KEYTAB = "provenance.serve.kerberos.keytab";
  /** Empty: no keytab login. */
  public static final String SERVE_KERBEROS_KEYTAB_DEFAULT = "";

  /**
   * What routes records to sub-streams at write time (docs/substreams.md): {@code none},
   * {@code confidence} (LOW-confidence records, i.e. recomputed and not yet revalidated, go to
   * {@code <output>/priority/}), {@code age} (by the age of the record's newest source, over
   * {@link #SUBSTREAM_AGE_BANDS}), or {@code confidence,age}.
   */
  public static final String SUBSTREAM_BY = "provenance.substream.by";
  /** none: one stream, the layout every output had before sub-streams. */
  public static final String SUBSTREAM_BY_DEFAULT = "none";

  /**
   * Age band limits, ascending durations: records younger than the first go to
   * {@code priority/}, those younger than a later one to {@code age-<limit>/}, older ones to
   * the main parts.
   */
  public static final String SUBSTREAM_AGE_BANDS = "provenance.substream.age.bands";
  /** 1h,1d,7d: the last hour first, then the day, then the week. */
  public static final String SUBSTREAM_AGE_BANDS_DEFAULT = "1h,1d,7d";

  /**
   * The routing component a capture job's output format asks for each record's sub-stream when
   * {@link #SUBSTREAM_BY} is not none; a user's own implementation of
   * {@code org.provmr.mapreduce.OutputRouter}.
   */
  public static final String SUBSTREAM_ROUTER_CLASS = "provenance.substream.router.class";
  /**
   * Empty: ProvMR's router (org.provmr.substream.SubstreamRouter), which implements {@link
   * #SUBSTREAM_BY}. Empty rather than the class name, so that jobs record no class name they
   * did not choose (a recompute checks every recorded class against its allow-list).
   */
  public static final String SUBSTREAM_ROUTER_CLASS_DEFAULT = "";

  /**
   * Which sub-streams ProvenanceInputFormat and PayloadInputFormat read of an output:
   * {@code all} (the whole output, sub-streams first), {@code priority} (only the sub-stream
   * directories) or {@code main} (only the main parts).
   */
  public static final String INPUT_SUBSTREAM = "provenance.input.substream";
  /** all: a consumer of the whole output sees the same payload as without sub-streams. */
  public static final String INPUT_SUBSTREAM_DEFAULT = "all";

  /**
   * provmr promote: how many validations, all started after the output's last change and all
   * clean for it, the newest included, must precede moving its priority records back to the
   * main parts with HIGH confidence (docs/substreams.md).
   */
  public static final String PROMOTE_CLEAN_VALIDATIONS = "provenance.promote.clean.validations";
  /** 1: one clean revalidation of the recomputed records is what LOW confidence waits for. */
  public static final int PROMOTE_CLEAN_VALIDATIONS_DEFAULT = 1;

  /**
   * Which parts validate (and sweep) check (docs/substreams.md): {@code all}, {@code priority}
   * (the parts of every sub-stream directory, and only the sources they read: the cheap
   * frequent sweep) or {@code main}.
   */
  public static final String VALIDATE_SUBSTREAM = "provenance.validate.substream";
  /** all: a validation checks the whole output, its sub-streams first. */
  public static final String VALIDATE_SUBSTREAM_DEFAULT = "all";

  private ProvenanceKeys() {
  }

  /**
   * Makes sure {@code provmr-default.xml} and {@code provmr-site.xml} are registered as default
   * resources (the class initializer does it; this call only forces the initializer to run).
   * For client-side code only: see the class initializer for why tasks must not call it.
   */
  public static void init() {
    // Nothing: loading the class registered the resources.
  }

  /**
   * The configuration of a job a driver is setting up, the operator's defaults registered
   * first ({@link #init}). ProvenanceJob's, WrappedJob's and ValidationJob's methods that take
   * a Job read it through here; their getters, which tasks call, take a Configuration instead.
   */
  public static Configuration ofDriver(JobContext job) {
    return job.getConfiguration();
  }
}
