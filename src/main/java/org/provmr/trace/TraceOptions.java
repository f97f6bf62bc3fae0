package org.provmr.trace;

/**
 * What to trace and how far.
 *
 * @param key the record's key as text, or null when {@code part}/{@code record} name it
 * @param part the part file name
 * @param record the record's ordinal in the part, from 0
 * @param depth how many upstream stages to follow
 * @param precise replay the map step for reduce records (else whole splits)
 * @param showSource read the source ranges reached and include their text
 * @param limit input records or ranges listed per step (the rest are counted)
 */
public record TraceOptions(String key, String part, long record, int depth, boolean precise,
    boolean showSource, int limit) {

  public TraceOptions {
    if ((key == null) == (part == null)) {
      throw new IllegalArgumentException("name the record by its key, or by part and number");
    }
    if (depth < 0 || limit < 0 || record < 0) {
      throw new IllegalArgumentException("depth, limit and record must be >= 0");
    }
  }
}
