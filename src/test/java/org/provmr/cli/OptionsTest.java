package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared option parser, on plain arrays. */
class OptionsTest {

  private static Options grepLike(String... args) throws UsageException {
    return new Options().withValue("input").withValue("regex").withFlag("deep").parse(args);
  }

  @Test
  void genericOptionsAfterTheCommandsOwnAreCollectedNotTakenForPositionals() throws Exception {
    Options o = grepLike("grep", "--input", "in", "-D", "a.b=1", "-Dc.d=2", "-libjars", "x.jar",
        "-conf", "site.xml", "--deep");
    assertEquals(List.of("grep"), o.positional());
    assertEquals(List.of("-D", "a.b=1", "-D", "c.d=2", "-libjars", "x.jar", "-conf", "site.xml"),
        o.generic());
    assertEquals("in", o.get("input", null));
    assertTrue(o.has("deep"));
  }

  @Test
  void anOptionsValueThatLooksGenericStaysItsValue() throws Exception {
    Options o = grepLike("--regex", "-D", "--input", "in");
    assertEquals("-D", o.get("regex", null));
    assertEquals(List.of(), o.generic());
  }

  @Test
  void aTrailingGenericOptionWithoutItsValueSaysWhatItNeeds() {
    UsageException e = assertThrows(UsageException.class, () -> grepLike("--input", "in", "-D"));
    assertEquals("Generic option -D needs a value (-D key=value)", e.getMessage());
    UsageException f = assertThrows(UsageException.class,
        () -> grepLike("--input", "in", "-libjars"));
    assertEquals("Generic option -libjars needs a value", f.getMessage());
  }

  @Test
  void dashDWithoutKeyEqualsValueIsRefused() {
    UsageException e = assertThrows(UsageException.class, () -> grepLike("-D", "deep"));
    assertTrue(e.getMessage().contains("-D takes key=value, not 'deep'"), e.getMessage());
    assertThrows(UsageException.class, () -> grepLike("-Ddeep"));
  }

  @Test
  void aFlagGivenAValueIsRefusedWithTheWayToTurnItOff() {
    Options mirrored = new Options().withFlag("deep", "provenance.validate.deep");
    UsageException e = assertThrows(UsageException.class,
        () -> mirrored.parse(new String[] {"--deep=false"}));
    assertEquals("--deep is a flag and takes no value, not 'false'; to turn it off leave it"
        + " out, or give -D provenance.validate.deep=false", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"64m, 67108864", "1g, 1073741824", "500k, 512000", "300K, 307200",
      "1048576, 1048576", "2t, 2199023255552", "' 16m ', 16777216"})
  void sizesTakeHadoopsSyntax(String value, long bytes) throws Exception {
    assertEquals(bytes, new Options().withValue("size").parse(new String[] {"--size", value})
        .getSize("size", "1"));
  }

  @Test
  void anAbsentSizeTakesTheFallback() throws Exception {
    assertEquals(64L << 20, new Options().withValue("size").parse(new String[0])
        .getSize("size", "64m"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "0", "-1m", "1.5g", "64MiB", "64mb", "", "64 m", "9999999e"})
  void badSizesNameTheOptionAndTheValue(String value) {
    UsageException e = assertThrows(UsageException.class, () -> new Options().withValue("size")
        .parse(new String[] {"--size", value}).getSize("size", "64m"));
    assertTrue(e.getMessage().startsWith("--size takes a size such as 64m, 1g or 500k"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("not '" + value + "'"), e.getMessage());
  }
}
