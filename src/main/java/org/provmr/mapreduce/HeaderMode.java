package org.provmr.mapreduce;

import java.util.Locale;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/** How much a record header carries inline; see docs/header-format.md. */
public enum HeaderMode {
  /** Ids into the part's and the job's dictionaries: the small, default form. */
  COMPACT("compact"),
  /** Source URIs and the whole lineage inline, for records that travel without their store. */
  SELF_CONTAINED("self-contained");

  private final String configName;

  HeaderMode(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Parses a {@link ProvenanceKeys#HEADER_MODE} value. */
  public static HeaderMode fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (HeaderMode m : values()) {
      if (m.configName.equals(n)) {
        return m;
      }
    }
    throw new BadConfigurationException(ProvenanceKeys.HEADER_MODE, name,
        "use compact or self-contained");
  }
}
