package dev.tidemark.server.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background work at a lower CPU priority (a Linux nice value, through {@code renice}), so
 * that on a busy machine the scheduler serves ingest and queries first. Works on a thread of this
 * process (found through {@code /proc/thread-self}) or on a local process such as an embedded
 * database session. Raising a nice value needs no privilege; where it cannot be done (not Linux, no
 * {@code renice}) it logs once and changes nothing.
 */
public final class CpuPriority {
  private static final Logger LOG = LoggerFactory.getLogger(CpuPriority.class);

  private static final Set<Long> LOWERED = ConcurrentHashMap.newKeySet();

  private static volatile boolean warned;

  private CpuPriority() {}

  /** Lowers the calling thread to {@code nice} (0 leaves it as it is). */
  public static void lowerThisThread(int nice) {
    if (nice <= 0) {
      return;
    }
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>"
      Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      renice(Long.parseLong(link.getFileName().toString()), nice);
    } catch (IOException | RuntimeException e) {
      cannot(e.toString());
    }
  }

  /**
   * Lowers the local process {@code pid} to {@code nice}, once per process id. A process in a
   * session of its own (each PostgreSQL backend is) is also a scheduling group of its own where the
   * kernel groups by session (autogroup), and there a nice value weighs only inside the group: the
   * backend would still get as much CPU as this whole process. So its group is lowered too.
   */
  public static void lowerProcess(long pid, int nice) {
    if (nice > 0 && LOWERED.add(pid)) {
      renice(pid, nice);
      lowerGroup(pid, nice);
    }
  }

  /**
   * Sets the nice value of {@code pid}'s autogroup when it has one apart from this process's (never
   * this process's own group). The kernel lets an unprivileged process change a group's value once
   * per 100 ms on the whole machine, hence one retry.
   */
  private static void lowerGroup(long pid, int nice) {
    Path group = Path.of("/proc", Long.toString(pid), "autogroup");
    try {
      if (!Files.exists(group)
          || groupName(group).equals(groupName(Path.of("/proc/self/autogroup")))) {
        return;
      }
      for (int attempt = 0; ; attempt++) {
        try {
          Files.writeString(group, Integer.toString(nice));
          return;
        } catch (IOException busy) {
          if (attempt == 1) {
            throw busy;
          }
          TimeUnit.MILLISECONDS.sleep(110);
        }
      }
    } catch (IOException | RuntimeException e) {
      cannot("the scheduling group of process " + pid + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** "/autogroup-676" of "/autogroup-676 nice 0". */
  private static String groupName(Path autogroup) throws IOException {
    return Files.readString(autogroup).trim().split("\\s+")[0];
  }

  private static void renice(long id, int nice) {
    try {
      Process p =
          new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", Long.toString(id))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        cannot("renice did not finish");
      } else if (p.exitValue() != 0) {
        cannot("renice -n " + nice + " -p " + id + " exited with " + p.exitValue());
      }
    } catch (IOException e) {
      cannot(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cannot(String why) {
    if (!warned) {
      warned = true;
      LOG.warn("cannot lower the CPU priority of background work: {}; it runs as the rest", why);
    }
  }
}
