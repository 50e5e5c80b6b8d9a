package dev.tidemark.server.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuPriorityTest {
  private static final Path OWN_GROUP = Path.of("/proc/self/autogroup");

  @Test
  void aProcessInASessionOfItsOwnIsLoweredWithItsSchedulingGroup() throws Exception {
    assumeTrue(Files.exists(OWN_GROUP), "the kernel groups by session (autogroup)");
    String ownBefore = Files.readString(OWN_GROUP);
    Process session = new ProcessBuilder("setsid", "sleep", "60").start();
    try {
      Path group = Path.of("/proc", Long.toString(session.pid()), "autogroup");
      long deadline = System.nanoTime() + 5_000_000_000L; // until setsid has run in the child
      while (Files.readString(group).equals(ownBefore) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.readString(group)).as("a group of its own").isNotEqualTo(ownBefore);

      CpuPriority.lowerProcess(session.pid(), 10);

      assertThat(Files.readString(group)).endsWith("nice 10\n");
      assertThat(nice(session.pid())).isEqualTo(10);
      assertThat(Files.readString(OWN_GROUP))
          .as("this process's group untouched")
          .isEqualTo(ownBefore);
    } finally {
      session.destroyForcibly().waitFor();
    }
  }

  @Test
  void aProcessInThisSessionIsLoweredAloneNotThisProcesssGroup() throws Exception {
    assumeTrue(Files.exists(OWN_GROUP), "the kernel groups by session (autogroup)");
    String ownBefore = Files.readString(OWN_GROUP);
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      CpuPriority.lowerProcess(child.pid(), 7);

      assertThat(nice(child.pid())).isEqualTo(7);
      assertThat(Files.readString(OWN_GROUP)).isEqualTo(ownBefore);
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  /** Field 19 of /proc/PID/stat, after the command in parentheses. */
  private static int nice(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}
