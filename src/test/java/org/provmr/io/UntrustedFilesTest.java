package org.provmr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How ProvMR opens the files it reads from output and store directories: which read path a
 * file takes on Hadoop's local file system, and what is refused.
 */
class UntrustedFilesTest {
  private static final byte[] CONTENT =
      "{\"formatVersion\":3,\"job\":\"job_1_0001\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir
  java.nio.file.Path dir;
  private Configuration conf;
  private LocalFileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    conf = new Configuration(false);
    fs = FileSystem.getLocal(conf);
  }

  @Test
  void fileWithoutChecksumTwinIsReadByTheJdkNotThroughHadoopsStreams() throws IOException {
    // As store.LocalFiles writes ProvMR's metadata on the local file system: no .crc.
    java.nio.file.Path local = dir.resolve("job.json");
    Files.write(local, CONTENT);
    Path file = new Path(local.toUri());

    try (InputStream in = UntrustedFiles.openRegularFile(fs, file)) {
      // Not Hadoop's DataInputStream over FSInputChecker: the chain a job's input reader uses.
      assertFalse(in instanceof FSDataInputStream, in.getClass().getName());
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
    assertArrayEquals(CONTENT, UntrustedFiles.readAll(fs, file, 1 << 20, "limit.key"));
  }

  @Test
  void fileWithChecksumTwinKeepsHadoopsVerification() throws IOException {
    Path file = new Path(dir.resolve("hadoop-written.json").toUri());
    try (FSDataOutputStream out = fs.create(file)) {
      out.write(CONTENT);
    }
    assertTrue(fs.exists(fs.getChecksumFile(file)), "LocalFileSystem wrote a .crc twin");
    assertArrayEquals(CONTENT, UntrustedFiles.readAll(fs, file, 1 << 20, "limit.key"));

    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("hadoop-written.json").toFile(),
        "rw")) {
      raf.seek(5);
      raf.write('X'); // changed behind Hadoop's back: the .crc no longer matches
    }
    assertThrows(ChecksumException.class,
        () -> UntrustedFiles.readAll(fs, file, 1 << 20, "limit.key"));
    try (InputStream in = UntrustedFiles.openRegularFile(fs, file)) {
      assertInstanceOf(FSDataInputStream.class, in);
      assertThrows(ChecksumException.class, in::readAllBytes);
    }
  }

  @Test
  void operatorSubclassOfTheLocalFileSystemSeesEveryOpen() throws IOException {
    java.nio.file.Path local = dir.resolve("parts.bin");
    Files.write(local, CONTENT);
    CountingLocalFileSystem counting = new CountingLocalFileSystem();
    counting.initialize(java.net.URI.create("file:///"), conf);
    Path file = new Path(local.toUri());

    assertNull(UntrustedFiles.jdkPath(counting, file));
    assertArrayEquals(CONTENT, UntrustedFiles.readAll(counting, file, 1 << 20, "limit.key"));
    try (InputStream in = UntrustedFiles.openRegularFile(counting, file)) {
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
    assertEquals(2, counting.opens.get());
    assertEquals(local, UntrustedFiles.jdkPath(fs, file));
  }

  @Test
  void missingFileIsFileNotFoundNamingIt() {
    Path file = new Path(dir.resolve("_provenance.source-00001.bin").toUri());
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> UntrustedFiles.openRegularFile(fs, file));
    assertTrue(e.getMessage().contains("_provenance.source-00001.bin"), e.getMessage());
  }

  @Test
  void symbolicLinkIsRefusedUnopened() throws IOException {
    java.nio.file.Path target = dir.resolve("elsewhere.json");
    Files.write(target, CONTENT);
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("job.json"), target);
    Path file = new Path(link.toUri());

    UntrustedFiles.NotRegularFileException e = assertThrows(
        UntrustedFiles.NotRegularFileException.class,
        () -> UntrustedFiles.openRegularFile(fs, file));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void fileLargerThanItsLimitIsRefusedNamingTheKey() throws IOException {
    java.nio.file.Path local = dir.resolve("job.json");
    Files.write(local, CONTENT);
    IOException e = assertThrows(IOException.class, () -> UntrustedFiles.readAll(fs,
        new Path(local.toUri()), 10, "provenance.read.max.metadata.bytes"));
    assertTrue(e.getMessage().contains("provenance.read.max.metadata.bytes"), e.getMessage());
  }

  /**
   * A part written through the local file system, whose .crc twin then declares {@code
   * bytesPerChecksum}: Hadoop's checker allocates a buffer of that size when the part is
   * opened (2 GiB: OutOfMemoryError; negative: NegativeArraySizeException), so the twin is
   * refused, naming it, before the open.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0x7fff_fff0, 64 << 20, -1, 0})
  void checksumTwinDeclaringAnUnreasonableChunkIsRefusedBeforeHadoopAllocatesIt(
      int bytesPerChecksum) throws IOException {
    Path file = new Path(dir.resolve("part-r-00000").toUri());
    try (FSDataOutputStream out = fs.create(file)) {
      out.write(CONTENT);
    }
    java.nio.file.Path crc = dir.resolve(".part-r-00000.crc");
    try (RandomAccessFile f = new RandomAccessFile(crc.toFile(), "rw")) {
      f.seek(4); // after the magic "crc\0"
      f.writeInt(bytesPerChecksum);
    }
    long before = org.provmr.testing.Allocations.now();
    UntrustedFiles.NotRegularFileException e = assertThrows(
        UntrustedFiles.NotRegularFileException.class,
        () -> UntrustedFiles.openRegularFile(fs, file).close());
    long used = org.provmr.testing.Allocations.now() - before;
    assertTrue(used < 8 << 20, "allocated " + used + " bytes");
    assertTrue(e.getMessage().startsWith("file:" + crc + " declares " + bytesPerChecksum
        + " bytes per checksum"), e.getMessage());
    assertThrows(UntrustedFiles.NotRegularFileException.class,
        () -> UntrustedFiles.requireRegularFile(fs, file));
  }

  @Test
  void checksumTwinAsHadoopWritesItIsAccepted() throws IOException {
    Path file = new Path(dir.resolve("part-r-00000").toUri());
    try (FSDataOutputStream out = fs.create(file)) {
      out.write(CONTENT);
    }
    try (InputStream in = UntrustedFiles.openRegularFile(fs, file)) {
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
  }

  /** An operator's fs.file.impl: a subclass that must see every open (auditing). */
  static final class CountingLocalFileSystem extends LocalFileSystem {
    final AtomicInteger opens = new AtomicInteger();

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
      opens.incrementAndGet();
      return super.open(f, bufferSize);
    }
  }
}
