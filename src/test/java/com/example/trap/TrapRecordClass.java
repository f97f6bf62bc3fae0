package com.example.trap;

/**
 * A class the records of a crafted part name (through ObjectWritable or MapWritable keys):
 * reading the part must never initialize it, which its static initializer's marker shows.
 */
public class TrapRecordClass {
  static {
    Trap.sprung(TrapRecordClass.class);
  }
}
