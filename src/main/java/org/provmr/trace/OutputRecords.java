package org.provmr.trace;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * Finds records in the parts of a committed output, through the bounded reader: every part it
 * opens is one its lineage store lists (a stray file is never read as the output's).
 */
final class OutputRecords {
  private final Configuration conf;

  OutputRecords(Configuration conf) {
    this.conf = conf;
  }

  /** The first record whose key prints as {@code key}, in part order, or null. */
  Located byKey(StoredJob store, String key) throws IOException {
    for (PartEntry part : store.parts()) {
      try (ProvenanceFileReader<Writable, Writable> in = open(store, part)) {
        long index = 0;
        while (in.next()) {
          if (key.equals(String.valueOf(in.key()))) {
            return located(store, part, index, in);
          }
          index++;
        }
      }
    }
    return null;
  }

  /** Record {@code index} (from 0) of part {@code name}. */
  Located byIndex(StoredJob store, String name, long index) throws IOException {
    PartEntry part = store.part(name);
    try (ProvenanceFileReader<Writable, Writable> in = open(store, part)) {
      for (long i = 0; in.next(); i++) {
        if (i == index) {
          return located(store, part, index, in);
        }
      }
    }
    throw new IllegalArgumentException("Part " + name + " of " + store.output() + " has no"
        + " record " + index + " (it has " + part.records() + ", numbered from 0)");
  }

  /**
   * The record that starts at byte {@code offset} of part {@code name}, read from the split
   * that starts at {@code splitStart} (a downstream DataID names it so).
   */
  Located atOffset(StoredJob store, String name, long splitStart, long offset)
      throws IOException {
    PartEntry part = store.part(name);
    try (ProvenanceFileReader<Writable, Writable> in = open(store, part)) {
      if (splitStart > in.position()) {
        in.sync(splitStart);
      }
      while (in.next()) {
        if (in.recordOffset() == offset) {
          return located(store, part, -1, in);
        }
        if (in.recordOffset() > offset) {
          break;
        }
      }
    }
    throw new IOException("No record of " + new Path(store.output(), name) + " starts at byte "
        + offset + ", where a downstream DataID points: the part changed after the downstream"
        + " job read it; validate both outputs");
  }

  private ProvenanceFileReader<Writable, Writable> open(StoredJob store, PartEntry part)
      throws IOException {
    return new ProvenanceFileReader<>(conf, new Path(store.output(), part.name()));
  }

  /** A copy of the reader's current record (the reader reuses its objects). */
  Located located(StoredJob store, PartEntry part, long index,
      ProvenanceFileReader<Writable, Writable> in) throws IOException {
    ProvenanceHeader h = new ProvenanceHeader().copyFrom(in.value().header());
    int lineage = h.lineageId() >= 0 ? h.lineageId() : in.headerContext().defaultLineageId();
    return new Located(store, part, index, in.recordOffset(), WritableUtils.clone(in.key(), conf),
        WritableUtils.clone(in.value().value(), conf), h, lineage);
  }
}
