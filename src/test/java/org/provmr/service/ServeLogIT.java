package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ProvMR;
import org.provmr.testing.TestData;

/**
 * provmr serve as bin/provmr-daemon starts it (conf/provmr-serve-log4j.properties, the log
 * directory as a system property): its decisions go to the rolling log file, not to the
 * console; SIGTERM stops it through the graceful shutdown, which the log records too.
 */
class ServeLogIT {
  @TempDir
  Path tmp;

  @Test
  void serveLogsToTheConfiguredRollingFileAndLogsItsGracefulStop() throws Exception {
    Path logs = tmp.resolve("logs");
    Files.createDirectories(logs);
    Path data = Files.createDirectories(tmp.resolve("data"));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    File config = new File("conf/provmr-serve-log4j.properties").getAbsoluteFile();
    assertTrue(config.isFile(), config.toString());
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "-Dlog4j.configuration=" + config.toURI(), "-Dprovmr.serve.log.dir=" + logs,
        "-cp", System.getProperty("java.class.path"), ProvMR.class.getName(), "serve",
        "-D", "mapreduce.framework.name=local",
        "-D", "provenance.validate.source.roots=" + TestData.tempRoot(),
        "--port", "0", "--watch", data.toUri().toString(), "--state-dir",
        tmp.resolve("state").toString(), "--alerts-root", tmp.resolve("alerts").toUri()
            .toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.out").toFile()).start();
    Path log = logs.resolve("provmr-serve.log");
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline && p.isAlive()
          && !(Files.exists(log) && Files.readString(log).contains("listening on"))) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(log).contains("INFO [main] HttpEndpoints: provmr serve"
          + " listening on 127.0.0.1:"), Files.readString(log) + "\nstdout:\n"
          + Files.readString(tmp.resolve("serve.out")));
      assertTrue(Files.readString(log).contains("ProvenanceService: Recovered 0 outputs"));
    } finally {
      p.destroy(); // SIGTERM
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue());
    String text = Files.readString(log);
    assertTrue(text.contains("ProvenanceService: Stopping: 0 outputs running"), text);
    assertTrue(text.contains("ProvenanceService: Stopped;"), text);
    String out = Files.readString(tmp.resolve("serve.out"));
    assertTrue(!out.contains("HttpEndpoints"), "the log went to the file, not stdout: " + out);
  }
}
