package dev.tidemark.agent.collect;

/**
 * The small files, as node_exporter names them: load averages ({@code node_load1|5|15}), file
 * handles ({@code node_filefd_allocated}, {@code node_filefd_maximum} from {@code
 * /proc/sys/fs/file-nr}), page faults, paging and swapping and OOM kills ({@code node_vmstat_*},
 * node_exporter's default fields), and pressure stall information where the kernel has it ({@code
 * node_pressure_{cpu,memory,io}_{waiting,stalled}_seconds_total}).
 */
final class NodeMisc {
  private NodeMisc() {}

  static void load(String text, Series series, Emit out) {
    String[] f = ProcCounters.fields(text.trim());
    if (f.length >= 3) {
      out.value("node_load1", series.plain(), Double.parseDouble(f[0]));
      out.value("node_load5", series.plain(), Double.parseDouble(f[1]));
      out.value("node_load15", series.plain(), Double.parseDouble(f[2]));
    }
  }

  static void fileNr(String text, Series series, Emit out) {
    String[] f = ProcCounters.fields(text.trim());
    if (f.length >= 3) {
      out.value("node_filefd_allocated", series.plain(), NodeStat.parse(f[0]));
      out.value("node_filefd_maximum", series.plain(), NodeStat.parse(f[2]));
    }
  }

  /**
   * node_exporter's default {@code --collector.vmstat.fields}: oom_kill, pgpg*, pswp*, pg*fault.
   */
  static void vmstat(String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space <= 0) {
        continue;
      }
      String key = line.substring(0, space);
      if (key.equals("oom_kill")
          || key.startsWith("pgpg")
          || key.startsWith("pswp")
          || (key.startsWith("pg") && key.endsWith("fault"))) {
        long v = NodeStat.parse(line.substring(space + 1).trim());
        if (v >= 0) {
          out.value("node_vmstat_" + key, series.plain(), v);
        }
      }
    }
  }

  /**
   * {@code some avg10=… total=µs} and {@code full …}: some is "waiting", full is "stalled"; node
   * exporter ships no full line for cpu on kernels that report it as zeros, nor do we then.
   */
  static void pressure(String resource, String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      int total = line.indexOf("total=");
      if (total < 0) {
        continue;
      }
      long us = NodeStat.parse(line.substring(total + 6).trim());
      if (us < 0) {
        continue;
      }
      if (line.startsWith("some")) {
        out.value("node_pressure_" + resource + "_waiting_seconds_total", series.plain(), us / 1e6);
      } else if (line.startsWith("full") && !resource.equals("cpu")) {
        out.value("node_pressure_" + resource + "_stalled_seconds_total", series.plain(), us / 1e6);
      }
    }
  }
}
