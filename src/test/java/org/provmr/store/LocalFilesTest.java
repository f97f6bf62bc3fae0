package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata files on the local file system through the JDK: created with their parents,
 * replaced atomically, never left next to a stale Hadoop checksum that would fail the next
 * read through Hadoop; other file systems (here a subclass of the local one) keep Hadoop's
 * calls and their checksums.
 */
class LocalFilesTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  private static org.apache.hadoop.fs.Path hp(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private static String read(FileSystem fs, Path p) throws Exception {
    try (FSDataInputStream in = fs.open(hp(p))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void replacingAFileHadoopWroteLeavesNoStaleChecksumAndReadsBackThroughHadoop()
      throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path target = dir.resolve("a/b/job.json");
    try (FSDataOutputStream out = fs.create(hp(target), true)) {
      out.write("old content, checksummed by Hadoop".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(dir.resolve("a/b/.job.json.crc")));

    Path tmp = dir.resolve("a/b/.job.json.tmp");
    try (OutputStream out = LocalFiles.create(fs, hp(tmp), true)) {
      out.write("new".getBytes(StandardCharsets.UTF_8));
    }
    LocalFiles.replace(fs, hp(tmp), hp(target));

    assertFalse(Files.exists(tmp));
    assertFalse(Files.exists(dir.resolve("a/b/.job.json.crc")), "the old checksum is gone");
    assertEquals("new", read(fs, target));
  }

  @Test
  void aFileHadoopWroteMovesWithItsChecksum() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path from = dir.resolve("from");
    try (FSDataOutputStream out = fs.create(hp(from), true)) {
      out.write(new byte[] {1, 2, 3});
    }
    Path to = dir.resolve("sub/to");
    Files.createDirectories(to.getParent());
    LocalFiles.replace(fs, hp(from), hp(to));
    assertTrue(Files.exists(dir.resolve("sub/.to.crc")));
    try (FSDataInputStream in = fs.open(hp(to))) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
  }

  @Test
  void createWithoutOverwriteRefusesAnExistingFileAndCreatesParents() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path f = dir.resolve("x/y/z.json");
    try (OutputStream out = LocalFiles.create(fs, hp(f), false)) {
      out.write('1');
    }
    assertThrows(FileAlreadyExistsException.class, () -> LocalFiles.create(fs, hp(f), false));
    assertEquals("1", Files.readString(f));
  }

  @Test
  void aLinkPlantedAtAMetadataNameIsRefusedAndItsTargetLeftUntouched() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path victim = dir.resolve("elsewhere/secrets");
    Files.createDirectories(victim.getParent());
    Files.writeString(victim, "keep me");
    Path tmp = dir.resolve("out/_provenance/.job.json.tmp");
    Files.createDirectories(tmp.getParent());
    Files.createSymbolicLink(tmp, victim);

    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> LocalFiles.create(fs, hp(tmp), true));
    assertTrue(e.getMessage().contains(".job.json.tmp") && e.getMessage().contains("link"),
        e.getMessage());
    assertThrows(java.io.IOException.class, () -> LocalFiles.create(fs, hp(tmp), false));
    assertEquals("keep me", Files.readString(victim));
  }

  @Test
  void aDanglingLinkIsNotFollowedToCreateItsTarget() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path target = dir.resolve("elsewhere/new-file");
    Path tmp = dir.resolve("out/.fragment.tmp");
    Files.createDirectories(tmp.getParent());
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(tmp, target);

    assertThrows(java.io.IOException.class, () -> LocalFiles.create(fs, hp(tmp), true));
    assertThrows(java.io.IOException.class, () -> LocalFiles.create(fs, hp(tmp), false));
    assertFalse(Files.exists(target), "nothing created through the link");
  }

  /** An operator's auditing file system: must see every create, so no JDK shortcut. */
  public static class AuditedLocalFileSystem extends LocalFileSystem {
  }

  @Test
  void aSubclassOfTheLocalFileSystemKeepsHadoopsCallsAndChecksums() throws Exception {
    FileSystem fs = new AuditedLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), conf);
    Path tmp = dir.resolve("t");
    try (OutputStream out = LocalFiles.create(fs, hp(tmp), true)) {
      out.write('z');
    }
    assertTrue(Files.exists(dir.resolve(".t.crc")), "written through Hadoop");
    LocalFiles.replace(fs, hp(tmp), hp(dir.resolve("u")));
    assertTrue(Files.exists(dir.resolve(".u.crc")));
    assertEquals("z", read(fs, dir.resolve("u")));
  }
}
