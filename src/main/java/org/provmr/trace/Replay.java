package org.provmr.trace;

import java.util.List;
import org.apache.hadoop.io.Writable;
import org.provmr.header.ProvenanceHeader;

/**
 * What a replay of the recorded map step over a reduce record's splits found.
 *
 * @param splits the split ids replayed
 * @param recordsRead input records read in them
 * @param matched input records whose map output has the record's key
 * @param emitted map output values with the record's key
 * @param isolated whether some splits emitted the key from setup/cleanup (attributed to the
 *     whole split by capture) and their records were replayed one at a time to find which
 * @param listed the first matched records (at most the trace's limit)
 * @param recorded the value the output record holds
 * @param replayed what the recorded combiner and reducer make of the replayed values for the
 *     key (normally one value)
 * @param addsUp whether {@code replayed} is exactly {@code recorded}
 * @param note why a replay could not be done or checked, or null
 */
record Replay(int[] splits, long recordsRead, long matched, long emitted, boolean isolated,
    List<Match> listed, String recorded, List<String> replayed, boolean addsUp, String note) {

  /**
   * One input record whose map output has the traced key.
   *
   * @param source the split (source id) it was read from
   * @param uri the file of the split
   * @param fileOffset its absolute byte offset in the file, or -1 for ordinal positions
   * @param offset its DataID offset (relative to the split start, or its ordinal)
   * @param length its length in bytes (1 for ordinal positions)
   * @param key the input record's key, as text
   * @param value the input record's value, as text
   * @param emitted how many map output values for the key it produced
   * @param isolated found by replaying the record alone (see Replay.isolated)
   * @param header for a record of an upstream ProvMR part, its header (the next step up)
   * @param lineageId that header's lineage id
   * @param inputKey the input record's key itself, for tracing further upstream
   * @param inputValue the input record's payload value itself
   */
  record Match(int source, String uri, long fileOffset, long offset, long length, String key,
      String value, int emitted, boolean isolated, ProvenanceHeader header, int lineageId,
      Writable inputKey, Writable inputValue) {
  }
}
