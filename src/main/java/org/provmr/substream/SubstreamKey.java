package org.provmr.substream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;
import org.provmr.store.StoreNames;

/**
 * The dynamic partitioning key of {@code provenance.substream.by} and its age bands, parsed and
 * checked: which sub-stream a record of a given confidence and age belongs to.
 *
 * <p>Band {@code i} holds ages in {@code [limit(i-1), limit(i))}; band 0 is the {@code
 * priority} sub-stream, band {@code i > 0} is {@code age-<limit(i)>}, and ages beyond the last
 * limit (or unknown) stay in the main parts. LOW confidence goes to {@code priority} when the
 * key includes {@code confidence}.
 */
public final class SubstreamKey {
  private static final Pattern BAND = Pattern.compile("([0-9]{1,9})([smhdw])");

  private final boolean byConfidence;
  private final boolean byAge;
  private final long[] limitsMillis;
  private final String[] names;

  private SubstreamKey(boolean byConfidence, boolean byAge, long[] limitsMillis,
      String[] names) {
    this.byConfidence = byConfidence;
    this.byAge = byAge;
    this.limitsMillis = limitsMillis;
    this.names = names;
  }

  /** The key of a configuration; a bad value is a BadConfigurationException naming it. */
  public static SubstreamKey of(Configuration conf) {
    String by = conf.getTrimmed(ProvenanceKeys.SUBSTREAM_BY, ProvenanceKeys.SUBSTREAM_BY_DEFAULT)
        .toLowerCase(Locale.ROOT);
    boolean confidence = false;
    boolean age = false;
    for (String part : by.split("[,+]")) {
      switch (part.trim()) {
        case "none", "" -> { }
        case "confidence" -> confidence = true;
        case "age" -> age = true;
        case "combination" -> {
          confidence = true;
          age = true;
        }
        default -> throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_BY + "=" + by
            + ": '" + part.trim() + "' is not none, confidence, age or combination (also"
            + " written confidence,age)");
      }
    }
    String bands = conf.getTrimmed(ProvenanceKeys.SUBSTREAM_AGE_BANDS,
        ProvenanceKeys.SUBSTREAM_AGE_BANDS_DEFAULT);
    List<Long> limits = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String b : bands.split(",")) {
      Matcher m = BAND.matcher(b.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_AGE_BANDS + "=" + bands
            + ": '" + b.trim() + "' is not a duration such as 30m, 1h, 1d or 2w (a number and"
            + " one of s, m, h, d, w)");
      }
      long limit = TimeUnit.SECONDS.toMillis(Long.parseLong(m.group(1)) * seconds(m.group(2)));
      if (!limits.isEmpty() && limit <= limits.get(limits.size() - 1)) {
        throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_AGE_BANDS + "=" + bands
            + ": the limits must be ascending ('" + b.trim() + "' is not above the one"
            + " before)");
      }
      limits.add(limit);
      names.add(names.isEmpty() ? StoreNames.PRIORITY : "age-" + m.group(1) + m.group(2));
    }
    return new SubstreamKey(confidence, age, limits.stream().mapToLong(Long::longValue)
        .toArray(), names.toArray(new String[0]));
  }

  /**
   * Sets the key on a job (with {@code bands} when not null), checked now rather than in the
   * tasks: the driver's side of "users can set the routing component on their own jobs".
   */
  public static void configure(Job job, String by, String bands) {
    Configuration conf = job.getConfiguration();
    Configuration probe = new Configuration(conf);
    probe.set(ProvenanceKeys.SUBSTREAM_BY, by);
    if (bands != null) {
      probe.set(ProvenanceKeys.SUBSTREAM_AGE_BANDS, bands);
    }
    of(probe);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, by);
    if (bands != null) {
      conf.set(ProvenanceKeys.SUBSTREAM_AGE_BANDS, bands);
    }
  }

  private static long seconds(String unit) {
    return switch (unit) {
      case "s" -> 1;
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 7 * 86400;
    };
  }

  public boolean routes() {
    return byConfidence || byAge;
  }

  public boolean byAge() {
    return byAge;
  }

  public boolean byConfidence() {
    return byConfidence;
  }

  /**
   * The sub-stream of a record, or null for the main parts.
   *
   * @param ageMillis the record's age, or a negative number when it is unknown
   */
  public String route(Confidence confidence, long ageMillis) {
    if (byConfidence && confidence == Confidence.LOW) {
      return StoreNames.PRIORITY;
    }
    if (byAge && ageMillis >= 0) {
      for (int i = 0; i < limitsMillis.length; i++) {
        if (ageMillis < limitsMillis[i]) {
          return names[i];
        }
      }
    }
    return null;
  }

  /** The sub-stream directory names in reading order (fresh first); main is not listed. */
  public List<String> substreams() {
    return byAge ? List.of(names) : byConfidence ? List.of(StoreNames.PRIORITY) : List.of();
  }
}
