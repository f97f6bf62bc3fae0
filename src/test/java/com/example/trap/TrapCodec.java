package com.example.trap;

import org.apache.hadoop.io.compress.DefaultCodec;

/**
 * A compression codec a tampered lineage store lists in io.compression.codecs: Hadoop's
 * CompressionCodecFactory initializes every listed class when a text input is opened, so
 * before the fix a recompute ran this static initializer.
 */
public class TrapCodec extends DefaultCodec {
  static {
    Trap.sprung(TrapCodec.class);
  }

  @Override
  public String getDefaultExtension() {
    return ".trap";
  }
}
