package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.trap.Trap;
import com.example.trap.TrapRecordClass;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.MapWritable;
import org.apache.hadoop.io.ObjectWritable;
import org.apache.hadoop.io.UTF8;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.io.BoundedSequenceFileReader;
import org.provmr.io.SequenceFileHeader;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * Some Writables name classes in their own bytes and Hadoop loads, initializes and
 * instantiates them while reading (ObjectWritable through the configuration's class loader,
 * MapWritable through the thread's). A part whose key class is one of them must not make a
 * reader initialize a class its records name, unless it is a Writable.
 */
class ClassesNamedInRecordsTest {
  @TempDir
  Path tmp;
  Configuration conf;

  /**
   * A grep output whose part keeps its metadata and first record's value, its key class now
   * {@code keyClass} and the record's key {@code key}; returns the part and the record's byte.
   */
  private Object[] crafted(Class<? extends Writable> keyClass, byte[] key) throws Exception {
    System.setProperty(Trap.DIR, tmp.toString());
    conf = TestData.localConf(tmp);
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "one\ntwo\n", StandardCharsets.UTF_8);
    Path grep = tmp.resolve("grep");
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", grep.toUri().toString(), "--regex", ".").exitCode());
    Path part = grep.resolve("part-m-00000");
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(part.toUri());
    SequenceFileHeader header;
    byte[] value;
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
      header = r.header();
      assertTrue(r.next());
      value = Arrays.copyOf(r.value(), r.valueLength());
    }
    long recordAt;
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(part))) {
      SequenceFileHeader.writeUncompressed(o, keyClass.getName(), header.valueClass(),
          header.metadata());
      recordAt = o.size();
      o.writeInt(key.length + value.length);
      o.writeInt(key.length);
      o.write(key);
      o.write(value);
    }
    Outputs.dropCrc(part);
    return new Object[] {p, recordAt};
  }

  private void assertRefusedAndNotInitialized(Object[] crafted, Class<?> keyClass,
      String cause) throws Exception {
    TestData.Run run = TestData.provmr(conf, "inspect", crafted[0].toString());
    assertFalse(Files.exists(tmp.resolve(Trap.marker(TrapRecordClass.class.getName()))),
        "a class named by a record was initialized");
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("The key of the record at byte " + crafted[1] + " in "
        + crafted[0] + " cannot be read as " + keyClass.getName()), run.err());
    assertTrue(run.err().contains(cause), run.err());
  }

  @Test
  void inspectOfObjectWritableKeysNamingAClassDoesNotInitializeIt() throws Exception {
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    UTF8.writeString(new DataOutputStream(key), TrapRecordClass.class.getName());
    UTF8.writeString(new DataOutputStream(key), TrapRecordClass.class.getName());
    assertRefusedAndNotInitialized(crafted(ObjectWritable.class, key.toByteArray()),
        ObjectWritable.class, "can't find class " + TrapRecordClass.class.getName());
  }

  @Test
  void inspectOfMapWritableKeysNamingAClassDoesNotInitializeIt() throws Exception {
    // AbstractMapWritable: one new class (id 100, by name, the thread's loader), then
    // MapWritable: one entry whose key is an instance of class 100.
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(key);
    d.writeByte(1);
    d.writeByte(100);
    d.writeUTF(TrapRecordClass.class.getName());
    d.writeInt(1);
    d.writeByte(100);
    d.writeByte(100);
    assertRefusedAndNotInitialized(crafted(MapWritable.class, key.toByteArray()),
        MapWritable.class, TrapRecordClass.class.getName() + " is not a Writable");
  }
}
