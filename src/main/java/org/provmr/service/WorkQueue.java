package org.provmr.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory view of the journal's work: outputs waiting (in arrival order, each once) and
 * outputs running. An output is handed to one worker at a time; one that changes while it runs
 * waits and runs again afterwards.
 */
final class WorkQueue {
  private final LinkedHashMap<String, String> waiting = new LinkedHashMap<>(); // key -> output
  private final Map<String, Long> notBefore = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private boolean closed;

  synchronized boolean offer(String key, String output) {
    if (closed || waiting.containsKey(key)) {
      return false;
    }
    waiting.put(key, output);
    notifyAll();
    return true;
  }

  /** Puts a busy output back, to be taken no sooner than {@code delayMs} from now. */
  synchronized void retryLater(String key, String output, long delayMs) {
    notBefore.put(key, System.currentTimeMillis() + delayMs);
    waiting.putIfAbsent(key, output);
    notifyAll();
  }

  /** The next output no other worker has, waiting for one; null once closed. */
  synchronized String[] take() throws InterruptedException {
    while (!closed) {
      long now = System.currentTimeMillis();
      long wake = Long.MAX_VALUE;
      for (Map.Entry<String, String> e : waiting.entrySet()) {
        if (running.contains(e.getKey())) {
          continue;
        }
        long nb = notBefore.getOrDefault(e.getKey(), 0L);
        if (nb <= now) {
          waiting.remove(e.getKey());
          notBefore.remove(e.getKey());
          running.add(e.getKey());
          return new String[] {e.getKey(), e.getValue()};
        }
        wake = Math.min(wake, nb);
      }
      wait(wake == Long.MAX_VALUE ? 0 : Math.max(1, wake - now));
    }
    return null;
  }

  synchronized void finished(String key) {
    running.remove(key);
    notifyAll();
  }

  synchronized boolean isWaitingOrRunning(String key) {
    return waiting.containsKey(key) || running.contains(key);
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int waitingCount() {
    return waiting.size();
  }

  synchronized List<String> runningKeys() {
    return new ArrayList<>(running);
  }

  synchronized int runningCount() {
    return running.size();
  }
}
