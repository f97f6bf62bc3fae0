package com.example.trap;

import org.apache.hadoop.mapreduce.Reducer;

/** A reducer a tampered lineage store names; its static initializer leaves a marker file. */
public class TrapReducer extends Reducer<Object, Object, Object, Object> {
  static {
    Trap.sprung(TrapReducer.class);
  }
}
