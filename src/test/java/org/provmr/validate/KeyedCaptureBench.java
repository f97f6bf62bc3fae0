package org.provmr.validate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.provmr.cli.ProvMR;
import org.provmr.conf.ProvenanceKeys;

/**
 * The capture cost of keyed mode: {@code provmr run grep --regex .} (every line kept, so the
 * output is as large as the input) with and without a key, alternating in one JVM, comparing
 * the process CPU time each run takes (less disturbed by other load than wall time). Not a
 * test; run it by hand (docs/security.md):
 *
 * <pre>
 * java -cp conf:target/classes:target/test-classes:$(cat target/classpath.txt) \
 *   org.provmr.validate.KeyedCaptureBench TEXT_DIR WORK_DIR [RUNS]
 * </pre>
 */
public final class KeyedCaptureBench {

  private KeyedCaptureBench() {
  }

  public static void main(String[] args) throws Exception {
    Path text = new Path(args[0]);
    Path work = new Path(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Configuration plain = new Configuration();
    plain.set("mapreduce.framework.name", "local");
    plain.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "localjceks://file" + new Path(work, "keys.jceks").toUri().getPath());
    CredentialProvider p = CredentialProviderFactory.getProviders(plain).get(0);
    p.createCredentialEntry("bench", "0123456789abcdef0123456789abcdef".toCharArray());
    p.flush();
    Configuration keyed = new Configuration(plain);
    keyed.set(ProvenanceKeys.KEYED_KEY_ALIAS, "bench");
    List<Long> plainCpu = new ArrayList<>();
    List<Long> keyedCpu = new ArrayList<>();
    for (int i = -1; i < runs; i++) { // run -1 warms up
      long a = grep(plain, text, new Path(work, "plain-" + i));
      long b = grep(keyed, text, new Path(work, "keyed-" + i));
      if (i >= 0) {
        plainCpu.add(a);
        keyedCpu.add(b);
      }
      System.out.printf("run %d: plain %d ms CPU, keyed %d ms CPU%n", i, a, b);
    }
    long pm = median(plainCpu);
    long km = median(keyedCpu);
    System.out.printf("median CPU: plain %d ms, keyed %d ms, ratio %.3f%n", pm, km,
        km / (double) pm);
  }

  private static long grep(Configuration conf, Path text, Path out) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    long before = cpu();
    int rc = ProvMR.run(new Configuration(conf), new String[] {"run", "grep", "--input",
        text.toString(), "--output", out.toString(), "--regex", "."}, ps, ps);
    long ms = (cpu() - before) / 1_000_000;
    if (rc != 0) {
      throw new IllegalStateException("grep failed: " + sink);
    }
    return ms;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long median(List<Long> xs) {
    long[] a = xs.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
