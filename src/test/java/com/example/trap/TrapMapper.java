package com.example.trap;

import org.apache.hadoop.mapreduce.Mapper;

/**
 * A class a tampered lineage store names: loading it would run its static initializer, which
 * the allow-list test checks never happens.
 */
public class TrapMapper extends Mapper<Object, Object, Object, Object> {
  public static volatile boolean loaded;

  static {
    loaded = true;
    System.setProperty("provmr.trap.loaded", "true");
    Trap.sprung(TrapMapper.class);
  }
}
