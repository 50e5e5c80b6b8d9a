package dev.tidemark.agent.collect;

/**
 * {@code /proc/stat} as node_exporter's cpu and stat collectors name it: {@code
 * node_cpu_seconds_total{cpu,mode}} per core and mode, {@code node_context_switches_total}, {@code
 * node_intr_total}, {@code node_forks_total}, {@code node_boot_time_seconds}, {@code
 * node_procs_running}, {@code node_procs_blocked}.
 */
final class NodeStat {
  /** USER_HZ: the kernel reports CPU time in hundredths of a second on every Linux ABI. */
  static final double TICKS_PER_SECOND = 100;

  static final String[] MODES = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
  };

  private NodeStat() {}

  static void emit(String text, Series series, Emit out) {
    int at = 0;
    int n = text.length();
    while (at < n) {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        end = n;
      }
      String line = text.substring(at, end);
      at = end + 1;
      if (line.startsWith("cpu") && line.length() > 3 && line.charAt(3) != ' ') {
        cpu(line, series, out);
      } else if (line.startsWith("ctxt ")) {
        out.value("node_context_switches_total", series.plain(), first(line));
      } else if (line.startsWith("intr ")) {
        out.value("node_intr_total", series.plain(), first(line));
      } else if (line.startsWith("processes ")) {
        out.value("node_forks_total", series.plain(), first(line));
      } else if (line.startsWith("btime ")) {
        out.value("node_boot_time_seconds", series.plain(), first(line));
      } else if (line.startsWith("procs_running ")) {
        out.value("node_procs_running", series.plain(), first(line));
      } else if (line.startsWith("procs_blocked ")) {
        out.value("node_procs_blocked", series.plain(), first(line));
      }
    }
  }

  private static void cpu(String line, Series series, Emit out) {
    String[] f = ProcCounters.fields(line);
    String core = f[0].substring(3);
    for (int m = 0; m < MODES.length && m + 1 < f.length; m++) {
      long ticks = parse(f[m + 1]);
      if (ticks >= 0) {
        out.value(
            "node_cpu_seconds_total",
            series.of("cpu", core, "mode", MODES[m]),
            ticks / TICKS_PER_SECOND);
      }
    }
  }

  /** The first number after the line's key; the intr line goes on with thousands more. */
  static long first(String line) {
    int i = line.indexOf(' ');
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    int j = i;
    while (j < line.length() && Character.isDigit(line.charAt(j))) {
      j++;
    }
    return j > i ? Long.parseLong(line, i, j, 10) : -1;
  }

  static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
