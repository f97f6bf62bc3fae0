package com.example.trap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the trap classes' static initializers call: a marker file
 * {@code <provmr.trap.dir>/<class>.loaded} proves the class was initialized, which a lineage
 * store must never achieve for a class outside the allow-list.
 */
public final class Trap {
  /** System property naming the directory markers go to (the test's own temp dir). */
  public static final String DIR = "provmr.trap.dir";

  private Trap() {
  }

  static void sprung(Class<?> c) {
    Path dir = Path.of(System.getProperty(DIR, System.getProperty("java.io.tmpdir")));
    try {
      Files.writeString(dir.resolve(marker(c.getName())), "initialized\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The marker file name of a trap class. */
  public static String marker(String className) {
    return className + ".loaded";
  }
}
