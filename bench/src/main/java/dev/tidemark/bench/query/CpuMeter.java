package dev.tidemark.bench.query;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU time spent by this JVM and by the PostgreSQL server's processes (the postmaster's children,
 * read from {@code /proc}), so that a client's cost per query can be compared on a machine that
 * other work shares: elapsed time moves with that work, CPU time per query much less. Processes
 * that exit between two readings drop out of the sum (autovacuum workers; the pools' connections
 * stay). Linux only; on a server on another host the PostgreSQL part reads as zero.
 */
final class CpuMeter {
  private static final double TICK_NANOS = 1e9 / 100; // USER_HZ

  private final long postmaster;

  private CpuMeter(long postmaster) {
    this.postmaster = postmaster;
  }

  /** Finds the server's postmaster through its data directory's {@code postmaster.pid}. */
  static CpuMeter of(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      String first = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
      return new CpuMeter(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      System.out.println("  PostgreSQL CPU not measured: " + e);
      return new CpuMeter(-1);
    }
  }

  /** Nanoseconds of CPU this JVM has used. */
  long jvm() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Nanoseconds of CPU the server's live processes have used. */
  long postgres() {
    if (postmaster < 0) {
      return 0;
    }
    return ProcessHandle.of(postmaster)
        .map(p -> p.descendants().mapToLong(d -> ticks(d.pid())).sum() + ticks(postmaster))
        .map(t -> (long) (t * TICK_NANOS))
        .orElse(0L);
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0; // exited meanwhile
    }
  }
}
