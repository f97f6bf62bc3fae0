package org.provmr.store;

import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Who holds an output lock: the content of a lock file, so that a command that finds an output
 * busy can say by whom, and an operator can tell a live holder from a dead one.
 *
 * @param token random id of one acquisition (a nested command of the holder shares it)
 * @param host the holder's host
 * @param pid the holder's process id
 * @param user the Hadoop user it ran as
 * @param command what it is doing (recompute, sweep)
 * @param started when it took the lock, epoch milliseconds
 * @param released true in the file a holder leaves on release: the lock is free. (Releasing
 *     by deleting would let the numbers start over, and a contender that stalled since it
 *     last looked could then take a number that is no longer the highest for the highest.)
 */
public record LockOwner(String token, String host, long pid, String user, String command,
    long started, boolean released) {

  static LockOwner current(String token, String command) {
    String user;
    try {
      user = UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      user = System.getProperty("user.name");
    }
    return new LockOwner(token, NetUtils.getLocalHostname(), ProcessHandle.current().pid(), user,
        command, System.currentTimeMillis(), false);
  }

  LockOwner asReleased() {
    return new LockOwner(token, host, pid, user, command, started, true);
  }

  /** One line for messages: "recompute on host1 (pid 4242, user etl) since 2026-...Z". */
  public String describe() {
    return command + " on " + host + " (pid " + pid + ", user " + user + ") since "
        + Instant.ofEpochMilli(started);
  }
}
