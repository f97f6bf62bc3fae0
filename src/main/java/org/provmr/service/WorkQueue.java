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
 * waits and runs again afterwards. An output can be queued after others (its lineage reads
 * them): it is not taken while one of those waits or runs, so a downstream output is checked
 * against its upstream's result, not beside it.
 */
final class WorkQueue {
  private final LinkedHashMap<String, String> waiting = new LinkedHashMap<>(); // key -> output
  private final Map<String, Long> notBefore = new HashMap<>();
  private final Map<String, Long> running = new HashMap<>(); // key -> when it was taken
  private final Map<String, Set<String>> after = new HashMap<>(); // key -> upstream keys
  private boolean closed;

  synchronized boolean offer(String key, String output) {
    return offer(key, output, Set.of());
  }

  /** Queues {@code key}, to be taken only when none of {@code upstream} waits or runs. */
  synchronized boolean offer(String key, String output, Set<String> upstream) {
    if (!upstream.isEmpty()) {
      Set<String> up = new HashSet<>(upstream);
      up.remove(key);
      after.merge(key, up, (a, b) -> {
        a.addAll(b);
        return a;
      });
    }
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
      Map.Entry<String, String> heldBack = null;
      for (Map.Entry<String, String> e : waiting.entrySet()) {
        if (running.containsKey(e.getKey())) {
          continue;
        }
        long nb = notBefore.getOrDefault(e.getKey(), 0L);
        if (nb <= now && upstreamPending(e.getKey())) {
          heldBack = heldBack == null ? e : heldBack;
        } else if (nb <= now) {
          return take(e);
        } else {
          wake = Math.min(wake, nb);
        }
      }
      if (heldBack != null && running.isEmpty()) {
        // Every ready output waits for another: a cycle in the lineage (an output rewritten
        // from its own downstream). Break it in arrival order rather than stall.
        return take(heldBack);
      }
      wait(wake == Long.MAX_VALUE ? 0 : Math.max(1, wake - now));
    }
    return null;
  }

  private boolean upstreamPending(String key) {
    for (String up : after.getOrDefault(key, Set.of())) {
      if (waiting.containsKey(up) || running.containsKey(up)) {
        return true;
      }
    }
    return false;
  }

  private String[] take(Map.Entry<String, String> e) {
    String key = e.getKey();
    String output = e.getValue();
    waiting.remove(key);
    notBefore.remove(key);
    after.remove(key);
    running.put(key, System.currentTimeMillis());
    return new String[] {key, output};
  }

  synchronized void finished(String key) {
    running.remove(key);
    notifyAll();
  }

  /** When {@code key} was taken by the worker running it, or null when it is not running. */
  synchronized Long runningSince(String key) {
    return running.get(key);
  }

  synchronized boolean isWaiting(String key) {
    return waiting.containsKey(key);
  }

  synchronized boolean isWaitingOrRunning(String key) {
    return waiting.containsKey(key) || running.containsKey(key);
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int waitingCount() {
    return waiting.size();
  }

  synchronized List<String> runningKeys() {
    return new ArrayList<>(running.keySet());
  }

  synchronized int runningCount() {
    return running.size();
  }
}
