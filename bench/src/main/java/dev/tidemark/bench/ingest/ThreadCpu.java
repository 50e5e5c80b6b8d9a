package dev.tidemark.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU by thread group, from Linux's {@code /proc/self/task/<tid>/stat} (name without its number;
 * Java threads under their first 15 characters), so {@link IngestCpuBench} can say where the
 * server's CPU went: event loops, workers, and the JVM's own threads (garbage collection, JIT
 * compilers), which {@code ThreadMXBean} does not list. Clock ticks: 10 ms resolution. Empty where
 * there is no {@code /proc}.
 */
final class ThreadCpu {
  private static final double TICK_SECONDS = 0.01;

  private ThreadCpu() {}

  static Map<String, Long> byGroup() {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close).replaceAll("[-#\\d ]+$", "");
          String[] f = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          out.merge(name, ticks, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Nanoseconds the JIT compiler threads spent since {@code before}. */
  static long compilerNanos(Map<String, Long> before) {
    long ticks = 0;
    for (Map.Entry<String, Long> e : byGroup().entrySet()) {
      if (e.getKey().contains("CompilerThre")) {
        ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return (long) (ticks * TICK_SECONDS * 1e9);
  }

  /** The CPU each group spent since {@code before}, the senders left out. */
  static String since(Map<String, Long> before) {
    StringBuilder sb = new StringBuilder("server CPU by threads, s:");
    for (Map.Entry<String, Long> e : byGroup().entrySet()) {
      long spent = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (spent > 0 && !e.getKey().startsWith("bench-raw")) {
        sb.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), spent * TICK_SECONDS));
      }
    }
    return sb.toString();
  }
}
