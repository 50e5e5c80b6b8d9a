package dev.tidemark.agent.collect;

import dev.tidemark.protocol.Labels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process under test, labelled {@code process}: as client libraries name their own process
 * metrics, {@code process_cpu_seconds_total}, {@code process_resident_memory_bytes}, {@code
 * process_virtual_memory_bytes}, {@code process_threads}, {@code process_open_fds}, {@code
 * process_start_time_seconds}; for a JVM that keeps performance counters (the default), as
 * client_java's hotspot exports name them, {@code jvm_gc_collection_seconds_count|sum{gc}} and
 * {@code jvm_memory_bytes_used|committed|max{area="heap"}}. The process is found again at the slow
 * interval ({@link #relist}), its {@code /proc/PID/stat} kept open between.
 */
final class TargetProbe implements AutoCloseable {
  private static final double PAGE = 4096; // the page size of every Linux ABI the agent runs on

  private final ProcessFinder finder;
  private final Labels labels;
  private final Series series;
  private final double bootTime;
  private volatile Target target;

  /** One process as found: its stat file and its JVM counters (null when it is not a JVM). */
  private record Target(long pid, ProcFile stat, HsPerfData jvm) {}

  TargetProbe(ProcessFinder finder, String label, Series base) {
    this.finder = finder;
    this.series = base;
    this.labels = base.build("process", label);
    this.bootTime = bootTime();
  }

  /** Finds the process again; on the slow thread. */
  void relist() {
    long pid = finder.find();
    Target t = target;
    if (t != null && t.pid() == pid) {
      return;
    }
    target = pid < 0 ? null : open(pid);
    if (t != null) {
      close(t);
    }
  }

  private static Target open(long pid) {
    try {
      return new Target(pid, new ProcFile(Path.of("/proc/" + pid + "/stat")), jvm(pid));
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code /proc/PID/root/tmp/hsperfdata_USER/PID}: the JVM's own /tmp, also in a container. */
  private static HsPerfData jvm(long pid) {
    Path tmp = Path.of("/proc/" + pid + "/root/tmp");
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
      for (Path d : dirs) {
        Path f = d.resolve(Long.toString(pid));
        if (Files.isRegularFile(f)) {
          return HsPerfData.open(f);
        }
      }
    } catch (IOException e) {
      // not ours to read, or no /tmp
    }
    return null;
  }

  void probe(Emit out) {
    Target t = target;
    if (t == null) {
      return;
    }
    String stat;
    try {
      stat = t.stat().read();
    } catch (IOException e) {
      return; // gone: found again (or not) at the slow interval
    }
    int paren = stat.lastIndexOf(')');
    if (paren < 0) {
      return; // exited: the kernel gives an empty file
    }
    String[] f = ProcCounters.fields(stat.substring(paren + 2)); // f[0] is field 3, the state
    if (f.length < 22) {
      return;
    }
    out.value(
        "process_cpu_seconds_total",
        labels,
        (NodeStat.parse(f[11]) + NodeStat.parse(f[12])) / NodeStat.TICKS_PER_SECOND);
    out.value("process_threads", labels, NodeStat.parse(f[17]));
    out.value(
        "process_start_time_seconds",
        labels,
        bootTime + NodeStat.parse(f[19]) / NodeStat.TICKS_PER_SECOND);
    out.value("process_virtual_memory_bytes", labels, NodeStat.parse(f[20]));
    out.value("process_resident_memory_bytes", labels, NodeStat.parse(f[21]) * PAGE);
    String[] fds = new java.io.File("/proc/" + t.pid() + "/fd").list();
    if (fds != null) {
      out.value("process_open_fds", labels, fds.length);
    }
    if (t.jvm() != null) {
      jvm(t.jvm(), out);
    }
  }

  private void jvm(HsPerfData d, Emit out) {
    double hz = d.get("sun.os.hrt.frequency");
    if (hz <= 0) {
      return;
    }
    for (int i = 0; i < 4; i++) {
      String p = "sun.gc.collector." + i;
      long count = d.get(p + ".invocations");
      if (count < 0) {
        break;
      }
      String name = d.string(p + ".name");
      Labels l = series.of("process", labels.get("process"), "gc", name == null ? "gc" + i : name);
      out.value("jvm_gc_collection_seconds_count", l, count);
      out.value("jvm_gc_collection_seconds_sum", l, d.get(p + ".time") / hz);
    }
    long used = 0;
    long committed = 0;
    long max = 0;
    for (int g = 0; g < 2; g++) {
      String gen = "sun.gc.generation." + g;
      committed += Math.max(0, d.get(gen + ".capacity"));
      max += Math.max(0, d.get(gen + ".maxCapacity"));
      for (int s = 0; s < 3; s++) {
        used += Math.max(0, d.get(gen + ".space." + s + ".used"));
      }
    }
    Labels heap = series.of("process", labels.get("process"), "area", "heap");
    out.value("jvm_memory_bytes_used", heap, used);
    out.value("jvm_memory_bytes_committed", heap, committed);
    out.value("jvm_memory_bytes_max", heap, max);
  }

  private static double bootTime() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("btime ")) {
          return NodeStat.first(line);
        }
      }
    } catch (IOException e) {
      // no /proc/stat: start times are then relative to boot
    }
    return 0;
  }

  private static void close(Target t) {
    try {
      t.stat().close();
    } catch (IOException e) {
      // read-only
    }
  }

  @Override
  public void close() {
    Target t = target;
    if (t != null) {
      close(t);
    }
  }
}
