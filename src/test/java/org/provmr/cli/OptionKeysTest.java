package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.provmr.conf.ProvenanceKeys;

/**
 * An option that mirrors a key sets it only when given: without the option, -D, -conf and
 * provmr-site.xml decide. Every pair is listed here, and the table is checked against what
 * the commands declare, so a new mirror cannot come without its test.
 */
class OptionKeysTest {
  private static final Map<String, BiFunction<PrintStream, PrintStream, Command>> COMMANDS =
      new LinkedHashMap<>();

  static {
    COMMANDS.put("validate", ValidateCommand::new);
    COMMANDS.put("recompute", RecomputeCommand::new);
    COMMANDS.put("sweep", SweepCommand::new);
    COMMANDS.put("inspect", InspectCommand::new);
    COMMANDS.put("generate", GenerateCommand::new);
    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("run", RunCommand::new);
    COMMANDS.put("wrap", WrapCommand::new);
  }

  /** command, option, key, the option's arguments, what it sets, a value set by -D. */
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("validate", "deep", ProvenanceKeys.VALIDATE_DEEP,
            new String[] {"--deep"}, "true", "false"),
        Arguments.of("validate", "staleness-window", ProvenanceKeys.VALIDATE_STALENESS_WINDOW,
            new String[] {"--staleness-window", " 12h "}, "12h", "30m"),
        Arguments.of("validate", "substream", ProvenanceKeys.VALIDATE_SUBSTREAM,
            new String[] {"--substream", "priority"}, "priority", "main"),
        Arguments.of("sweep", "substream", ProvenanceKeys.VALIDATE_SUBSTREAM,
            new String[] {"--substream", "priority"}, "priority", "main"),
        Arguments.of("validate", "mode", ProvenanceKeys.VALIDATE_MODE,
            new String[] {"--mode", "direct"}, "direct", "job"),
        Arguments.of("sweep", "mode", ProvenanceKeys.VALIDATE_MODE,
            new String[] {"--mode", "job"}, "job", "direct"),
        Arguments.of("sweep", "alerts-root", ProvenanceKeys.SWEEP_ALERTS_ROOT,
            new String[] {"--alerts-root", "/from/option"}, "/from/option", "/from/conf"),
        Arguments.of("sweep", "staleness-window", ProvenanceKeys.VALIDATE_STALENESS_WINDOW,
            new String[] {"--staleness-window", "2w"}, "2w", "off"),
        Arguments.of("run", "checksum", ProvenanceKeys.CHECKSUM_ALGORITHM,
            new String[] {"--checksum", "SHA-256"}, "sha-256", "crc32"),
        Arguments.of("run", "header-mode", ProvenanceKeys.HEADER_MODE,
            new String[] {"--header-mode", "self-contained"}, "self-contained", "compact"),
        Arguments.of("run", "reduces", "mapreduce.job.reduces",
            new String[] {"--reduces", "3"}, "3", "2"),
        Arguments.of("run", "regex", "provmr.grep.regex",
            new String[] {"--regex", " ka "}, "ka", "x"),
        Arguments.of("run", "k", "provmr.topk.k", new String[] {"--k", "5"}, "5", "7"),
        Arguments.of("wrap", "input-format", "mapreduce.job.inputformat.class",
            new String[] {"--input-format", "a.B"}, "a.B", "c.D"),
        Arguments.of("wrap", "reduces", "mapreduce.job.reduces",
            new String[] {"--reduces", "0"}, "0", "4"),
        Arguments.of("wrap", "output-key-class", "mapreduce.job.output.key.class",
            new String[] {"--output-key-class", "a.K"}, "a.K", "c.K"),
        Arguments.of("wrap", "output-value-class", "mapreduce.job.output.value.class",
            new String[] {"--output-value-class", "a.V"}, "a.V", "c.V"),
        Arguments.of("wrap", "map-output-key-class", "mapreduce.map.output.key.class",
            new String[] {"--map-output-key-class", "a.K"}, "a.K", "c.K"),
        Arguments.of("wrap", "map-output-value-class", "mapreduce.map.output.value.class",
            new String[] {"--map-output-value-class", "a.V"}, "a.V", "c.V"),
        Arguments.of("wrap", "sort-comparator", "mapreduce.job.output.key.comparator.class",
            new String[] {"--sort-comparator", "a.S"}, "a.S", "c.S"),
        Arguments.of("wrap", "grouping-comparator", "mapreduce.job.output.group.comparator.class",
            new String[] {"--grouping-comparator", "a.G"}, "a.G", "c.G"),
        Arguments.of("wrap", "combiner-grouping-comparator",
            "mapreduce.job.combiner.group.comparator.class",
            new String[] {"--combiner-grouping-comparator", "a.C"}, "a.C", "c.C"));
  }

  private static Command command(String name) {
    return COMMANDS.get(name).apply(System.out, System.err);
  }

  private static Configuration apply(String name, Configuration conf, String... args)
      throws UsageException {
    command(name).options().parse(args).applyTo(conf);
    return conf;
  }

  @Test
  void everyMirroringOptionOfTheseCommandsIsInTheTable() {
    Map<String, Map<String, String>> declared = new LinkedHashMap<>();
    Map<String, Map<String, String>> tested = new LinkedHashMap<>();
    for (String name : COMMANDS.keySet()) {
      declared.put(name, command(name).options().mirrors());
      tested.put(name, new LinkedHashMap<>());
    }
    pairs().forEach(a -> tested.get((String) a.get()[0])
        .put((String) a.get()[1], (String) a.get()[2]));
    assertEquals(tested, declared);
  }

  @ParameterizedTest(name = "{0} --{1}")
  @MethodSource("pairs")
  void withoutTheOptionAValueFromTheConfigurationStands(String name, String option, String key,
      String[] args, String set, String fromConf) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(key, fromConf, "from command line");
    assertEquals(fromConf, apply(name, conf).get(key));
  }

  @ParameterizedTest(name = "{0} --{1}")
  @MethodSource("pairs")
  void withoutTheOptionOrAValueTheKeyIsLeftUnset(String name, String option, String key,
      String[] args, String set, String fromConf) throws Exception {
    assertEquals(null, apply(name, new Configuration(false)).get(key));
  }

  @ParameterizedTest(name = "{0} --{1}")
  @MethodSource("pairs")
  void theOptionWinsOverTheConfiguration(String name, String option, String key,
      String[] args, String set, String fromConf) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(key, fromConf, "from command line");
    assertEquals(set, apply(name, conf, args).get(key));
    assertEquals(set, apply(name, new Configuration(false), args).get(key));
  }
}
