package org.provmr.recompute.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.provmr.header.Varints;
import org.provmr.mapreduce.SourceIdentifiedSplit;

/**
 * File ranges of a combined split, as a lineage store's manifest records them, for a
 * CombineFileInputFormat's record reader (which reads CombineFileSplits only). Each range keeps
 * its source id, so the recomputed records keep their DataIDs; the ranges a map task of the
 * original job read together are read together again, so a map-only part is rebuilt whole.
 */
public class ManifestCombineSplit extends CombineFileSplit implements SourceIdentifiedSplit {
  private int[] ids;

  /** For Hadoop's deserialization. */
  public ManifestCombineSplit() {
  }

  public ManifestCombineSplit(List<ManifestInputFormat.Entry> ranges) {
    super(ranges.stream().map(e -> new Path(e.uri())).toArray(Path[]::new),
        ranges.stream().mapToLong(ManifestInputFormat.Entry::start).toArray(),
        ranges.stream().mapToLong(ManifestInputFormat.Entry::length).toArray(), new String[0]);
    ids = ranges.stream().mapToInt(ManifestInputFormat.Entry::id).toArray();
  }

  @Override
  public int sourceId() {
    return ids[0];
  }

  @Override
  public int sourceId(int chunk) {
    return ids[chunk];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    for (int id : ids) {
      Varints.writeUnsigned(out, id);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    ids = new int[getNumPaths()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) Varints.readUnsigned(in);
    }
  }

  @Override
  public String toString() {
    return super.toString() + " (sources " + java.util.Arrays.toString(ids) + ")";
  }
}
