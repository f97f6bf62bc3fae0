package org.provmr.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The service's durable state, on the local disk of the machine it runs on, so that nothing
 * acknowledged is lost and nothing done is done again:
 *
 * <ul>
 *   <li>{@code inbox/}: a notification, written (and forced to disk) before it is answered;
 *   <li>{@code work/KEY.json}: an output to process, with the identity seen;
 *   <li>{@code done/KEY.json}: the identity last processed and its result;
 *   <li>{@code completed.log}: one line per completed processing, for operators and tests.
 * </ul>
 *
 * Every file is written to {@code tmp/}, forced, then renamed into place atomically: a
 * {@code kill -9} leaves either the old file or the new, never half of one. Files over 1 MiB are
 * refused when read back (they are ours, but the directory may be shared by mistake).
 */
final class EventJournal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_FILE = 1 << 20;

  private final Path inbox;
  private final Path work;
  private final Path done;
  private final Path tmp;
  private final Path completed;
  private final AtomicLong seq = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger inboxCount =
      new java.util.concurrent.atomic.AtomicInteger();

  EventJournal(Path dir) throws IOException {
    inbox = Files.createDirectories(dir.resolve("inbox"));
    work = Files.createDirectories(dir.resolve("work"));
    done = Files.createDirectories(dir.resolve("done"));
    tmp = Files.createDirectories(dir.resolve("tmp"));
    completed = dir.resolve("completed.log");
    try (Stream<Path> left = Files.list(tmp)) {
      for (Path p : left.toList()) {
        Files.deleteIfExists(p); // a write that a kill interrupted: never acknowledged
      }
    }
    inboxCount.set(names(inbox).size());
  }

  /** Journals a notification; returns its file name once it is on disk. */
  String addNotification(ObjectNode event) throws IOException {
    String name = String.format("%019d-%06d.json", System.currentTimeMillis(),
        seq.incrementAndGet() % 1_000_000);
    write(inbox.resolve(name), event);
    inboxCount.incrementAndGet();
    return name;
  }

  List<String> notifications() throws IOException {
    return names(inbox);
  }

  /** Notifications journaled and not yet resolved (kept in memory: asked on every request). */
  int notificationCount() {
    return inboxCount.get();
  }

  ObjectNode notification(String name) throws IOException {
    return read(inbox.resolve(name));
  }

  void removeNotification(String name) throws IOException {
    if (Files.deleteIfExists(inbox.resolve(name))) {
      inboxCount.decrementAndGet();
    }
  }

  void putWork(String key, ObjectNode item) throws IOException {
    write(work.resolve(key + ".json"), item);
  }

  List<String> workKeys() throws IOException {
    List<String> keys = new ArrayList<>();
    for (String n : names(work)) {
      keys.add(n.substring(0, n.length() - ".json".length()));
    }
    return keys;
  }

  ObjectNode work(String key) throws IOException {
    return read(work.resolve(key + ".json"));
  }

  void removeWork(String key) throws IOException {
    Files.deleteIfExists(work.resolve(key + ".json"));
  }

  /** The done record of {@code key}, or null. */
  ObjectNode done(String key) throws IOException {
    return read(done.resolve(key + ".json"));
  }

  /** Records a completion: the done record first, then the log line. */
  void putDone(String key, ObjectNode result) throws IOException {
    write(done.resolve(key + ".json"), result);
    byte[] line = (JSON.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(completed, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      c.write(java.nio.ByteBuffer.wrap(line));
      c.force(false);
    }
  }

  private void write(Path target, ObjectNode node) throws IOException {
    Path t = tmp.resolve(target.getFileName() + "." + seq.incrementAndGet() + ".tmp");
    try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      c.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(node)));
      c.force(true);
    }
    try {
      Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(t);
      throw new IOException("The state directory " + target.getParent() + " does not support"
          + " atomic renames; put provenance.serve.state.dir on a local file system", e);
    }
  }

  private static ObjectNode read(Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new IOException(file + " is larger than " + MAX_FILE + " bytes: not a journal"
            + " entry of provmr serve; remove it");
      }
      return (ObjectNode) JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (ClassCastException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not a journal entry of provmr serve (" + e.getMessage()
          + "); remove it", e);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
          .toList();
    }
  }
}
