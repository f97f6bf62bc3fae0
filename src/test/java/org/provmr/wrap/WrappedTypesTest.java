package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.examples.terasort.TeraInputFormat;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.map.InverseMapper;
import org.apache.hadoop.mapreduce.lib.map.RegexMapper;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.wrap.WrappedTypes.KeyValue;

/** Plain Java: type inference and the wiring WrappedJob does, on a bare Job. */
class WrappedTypesTest {

  /** Generic all the way down: nothing concrete to infer. */
  static class PassThrough<K, V> extends Mapper<K, V, K, V> {
  }

  /** Binds its parent's type variables: inference follows the chain. */
  static class TextPassThrough extends PassThrough<Text, Text> {
  }

  /** Declares only an interface as its output value. */
  static class AnyWritable extends Mapper<LongWritable, Text, Text, Writable> {
  }

  abstract static class Abstract extends Mapper<LongWritable, Text, Text, Text> {
  }

  @Test
  void hadoopsWordCountClassesGiveTextAndIntWritable() {
    KeyValue in = WrappedTypes.ofInputFormat(TextInputFormat.class);
    assertEquals(new KeyValue(LongWritable.class, Text.class), in);
    KeyValue map = WrappedTypes.mapOutput(WordCount.TokenizerMapper.class, in);
    assertEquals(new KeyValue(Text.class, IntWritable.class), map);
    assertEquals(map, WrappedTypes.reduceOutput(WordCount.IntSumReducer.class, map));
  }

  @Test
  void identityMapperAndReducerPassTheInputFormatsTypesThrough() {
    KeyValue in = WrappedTypes.ofInputFormat(TeraInputFormat.class);
    assertEquals(new KeyValue(Text.class, Text.class), in);
    assertEquals(in, WrappedTypes.mapOutput(Mapper.class, in));
    assertEquals(in, WrappedTypes.reduceOutput(Reducer.class, in));
  }

  @Test
  void typeVariablesBoundInASubclassAreFollowed() {
    KeyValue none = new KeyValue(null, null);
    assertEquals(new KeyValue(Text.class, Text.class),
        WrappedTypes.mapOutput(TextPassThrough.class, none));
    assertFalse(WrappedTypes.mapOutput(PassThrough.class, none).complete());
  }

  @Test
  void outputsDeclaredAsInputTypeVariablesTakeTheConcreteInputClasses() {
    KeyValue text = new KeyValue(LongWritable.class, Text.class);
    KeyValue regex = WrappedTypes.mapOutput(RegexMapper.class, text);
    assertEquals(new KeyValue(Text.class, LongWritable.class), regex);
    assertEquals(regex, WrappedTypes.reduceOutput(LongSumReducer.class, regex));
    assertEquals(new KeyValue(Text.class, LongWritable.class),
        WrappedTypes.mapOutput(InverseMapper.class, text));
  }

  @Test
  void anInterfaceIsNotAConcreteValueClass() {
    KeyValue kv = WrappedTypes.mapOutput(AnyWritable.class, new KeyValue(null, null));
    assertEquals(Text.class, kv.key());
    assertNull(kv.value());
  }

  @Test
  void wrappingSetsTheDelegatesAndTheLineageNamesTheUserClasses() throws Exception {
    Job job = Job.getInstance();
    WrappedJob.setMapper(job, WordCount.TokenizerMapper.class);
    WrappedJob.setCombiner(job, WordCount.IntSumReducer.class);
    WrappedJob.setReducer(job, WordCount.IntSumReducer.class);
    WrappedJob.setPartitioner(job, HashPartitioner.class);
    assertEquals(DelegatingMapper.class, job.getMapperClass());
    assertEquals(DelegatingCombiner.class, job.getCombinerClass());
    assertEquals(DelegatingReducer.class, job.getReducerClass());
    assertEquals(DelegatingPartitioner.class, job.getPartitionerClass());
    assertEquals(WordCount.TokenizerMapper.class.getName(),
        new DelegatingMapper().delegateName(job.getConfiguration()));
    assertEquals(WordCount.IntSumReducer.class.getName(),
        new DelegatingCombiner().delegateName(job.getConfiguration()));
    assertEquals(HashPartitioner.class.getName(),
        new DelegatingPartitioner().delegateName(job.getConfiguration()));
  }

  @Test
  void aProvenanceMapperIsSetAsItIsNotWrappedTwice() throws Exception {
    Job job = Job.getInstance();
    WrappedJob.setMapper(job, org.provmr.examples.WordCount.TokenizerMapper.class);
    assertEquals(org.provmr.examples.WordCount.TokenizerMapper.class, job.getMapperClass());
    assertNull(new DelegatingMapper().delegateName(job.getConfiguration()));
  }

  @Test
  void classesHadoopCannotInstantiateAreRefusedWhenSet() throws Exception {
    Job job = Job.getInstance();
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> WrappedJob.setMapper(job, Abstract.class));
    assertEquals("Mapper " + Abstract.class.getName() + " is abstract; name a concrete subclass",
        e.getMessage());
  }

  @Test
  void aJarMustBeAQualifiedUri() throws Exception {
    Job job = Job.getInstance();
    assertThrows(IllegalArgumentException.class,
        () -> WrappedJob.addJar(job, new java.net.URI("lib/x.jar")));
    WrappedJob.addJar(job, new java.net.URI("file:/opt/x.jar"));
    WrappedJob.addJar(job, new java.net.URI("file:/opt/y.jar"));
    assertEquals("file:/opt/x.jar,file:/opt/y.jar", job.getConfiguration().get("tmpjars"));
    assertEquals(List.of("file:/opt/x.jar", "file:/opt/y.jar"),
        WrappedJob.getJars(job.getConfiguration()));
  }

  @Test
  void configureInfersTypesFromTheUserClassesAndWiresTheDelegates() throws Exception {
    Job job = Job.getInstance();
    WrappedJob.configure(job, new WrapSpec().mapper(WordCount.TokenizerMapper.class.getName())
        .combiner(WordCount.IntSumReducer.class.getName())
        .reducer(WordCount.IntSumReducer.class.getName()));
    assertEquals(DelegatingMapper.class, job.getMapperClass());
    assertEquals(DelegatingReducer.class, job.getReducerClass());
    assertEquals(1, job.getNumReduceTasks());
    assertEquals(org.apache.hadoop.io.Text.class, job.getOutputKeyClass());
    assertEquals(org.apache.hadoop.io.IntWritable.class, job.getOutputValueClass());
    assertEquals("org.provmr.mapreduce.ProvenanceOutputFormat",
        job.getOutputFormatClass().getName());
    assertEquals("provmr wrap TokenizerMapper IntSumReducer", job.getJobName());
  }

  @Test
  void configureRefusesBadSpecsNamingTheRoleAndTheFix() throws Exception {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> WrappedJob.configure(Job.getInstance(), new WrapSpec()));
    assertTrue(e.getMessage().contains("No mapper"), e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> WrappedJob.configure(
        Job.getInstance(), new WrapSpec().mapper(WordCount.TokenizerMapper.class.getName())
            .reducer(WordCount.IntSumReducer.class.getName()).reduces(0)));
    assertTrue(e.getMessage().contains("needs reduces"), e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> WrappedJob.configure(
        Job.getInstance(), new WrapSpec().mapper("java.lang.String")));
    assertTrue(e.getMessage().contains("is not a subclass of org.apache.hadoop.mapreduce.Mapper"),
        e.getMessage());
  }

  @Test
  void whatTheSpecLeavesOpenComesFromHadoopsKeysWhenAUserSetThem() throws Exception {
    Job job = Job.getInstance();
    job.getConfiguration().setInt("mapreduce.job.reduces", 3); // as -D would
    job.getConfiguration().set("mapreduce.job.output.value.class",
        org.apache.hadoop.io.LongWritable.class.getName());
    WrappedJob.configure(job, new WrapSpec().mapper(WordCount.TokenizerMapper.class.getName())
        .reducer(WordCount.IntSumReducer.class.getName()));
    assertEquals(3, job.getNumReduceTasks());
    assertEquals(org.apache.hadoop.io.LongWritable.class, job.getOutputValueClass());

    Job explicit = Job.getInstance();
    explicit.getConfiguration().setInt("mapreduce.job.reduces", 3);
    WrappedJob.configure(explicit, new WrapSpec().mapper(WordCount.TokenizerMapper.class
        .getName()).reducer(WordCount.IntSumReducer.class.getName()).reduces(2));
    assertEquals(2, explicit.getNumReduceTasks(), "the spec wins over the configuration");
  }
}
