package dev.tidemark.agent.collect;

import dev.tidemark.protocol.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU and memory of the agent's own cgroup (the container's, when it runs in one), v2 or v1, named
 * as cAdvisor names them: {@code container_cpu_usage_seconds_total}, {@code
 * container_cpu_{user,system}_seconds_total}, {@code container_cpu_cfs_throttled_periods_total},
 * {@code container_cpu_cfs_throttled_seconds_total}, {@code container_spec_cpu_quota} and {@code
 * _period} (microseconds; absent when unlimited), {@code container_memory_usage_bytes}, {@code
 * container_spec_memory_limit_bytes} (absent when unlimited), labelled {@code id} with the cgroup
 * path. The files are found once, from {@code /proc/self/cgroup}; a path that is not under the
 * mount (a container without a cgroup namespace sees the host's path) falls back to the mount's
 * root, which is then the container's own.
 */
final class CgroupProbe implements AutoCloseable {
  private final List<ProcFile> files = new ArrayList<>();
  private final Labels labels;
  private final boolean v2;
  private ProcFile cpuStat; // v2 cpu.stat (µs); v1 cpu.stat (throttling, ns)
  private ProcFile cpuUsage; // v1 cpuacct.usage (ns)
  private ProcFile cpuUser; // v1 cpuacct.usage_user (ns)
  private ProcFile cpuSys; // v1 cpuacct.usage_sys (ns)
  private ProcFile cpuMax; // v2 "quota period" or "max period"
  private ProcFile quota; // v1 cpu.cfs_quota_us
  private ProcFile period; // v1 cpu.cfs_period_us
  private ProcFile memory; // v2 memory.current, v1 memory.usage_in_bytes
  private ProcFile memoryLimit; // v2 memory.max, v1 memory.limit_in_bytes

  private CgroupProbe(Series series, String path, boolean v2) {
    this.labels = series.build("id", path);
    this.v2 = v2;
  }

  /** The probe of this process's cgroup; null without readable cgroup files. */
  static CgroupProbe open(Series series, Path root) {
    String text;
    try {
      text = Files.readString(Path.of("/proc/self/cgroup"));
    } catch (IOException e) {
      return null;
    }
    String unified = null;
    String cpu = null;
    String cpuacct = null;
    String mem = null;
    for (String line : text.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[1].isEmpty()) {
        unified = f[2];
      }
      for (String c : f[1].split(",")) {
        switch (c) {
          case "cpu" -> cpu = f[2];
          case "cpuacct" -> cpuacct = f[2];
          case "memory" -> mem = f[2];
          default -> {}
        }
      }
    }
    CgroupProbe p;
    if (mem == null
        && cpu == null
        && unified != null
        && Files.exists(root.resolve("cgroup.controllers"))) {
      Path dir = dir(root, unified);
      p = new CgroupProbe(series, unified, true);
      p.cpuStat = p.open(dir.resolve("cpu.stat"));
      p.cpuMax = p.open(dir.resolve("cpu.max"));
      p.memory = p.open(dir.resolve("memory.current"));
      p.memoryLimit = p.open(dir.resolve("memory.max"));
    } else {
      p = new CgroupProbe(series, mem != null ? mem : cpu != null ? cpu : "/", false);
      Path acct = dir(controller(root, "cpuacct"), cpuacct == null ? "/" : cpuacct);
      Path cpuDir = dir(controller(root, "cpu"), cpu == null ? "/" : cpu);
      Path memDir = dir(controller(root, "memory"), mem == null ? "/" : mem);
      p.cpuUsage = p.open(acct.resolve("cpuacct.usage"));
      p.cpuUser = p.open(acct.resolve("cpuacct.usage_user"));
      p.cpuSys = p.open(acct.resolve("cpuacct.usage_sys"));
      p.cpuStat = p.open(cpuDir.resolve("cpu.stat"));
      p.quota = p.open(cpuDir.resolve("cpu.cfs_quota_us"));
      p.period = p.open(cpuDir.resolve("cpu.cfs_period_us"));
      p.memory = p.open(memDir.resolve("memory.usage_in_bytes"));
      p.memoryLimit = p.open(memDir.resolve("memory.limit_in_bytes"));
    }
    if (p.files.isEmpty()) {
      return null;
    }
    return p;
  }

  private static Path controller(Path root, String name) {
    Path alone = root.resolve(name);
    if (Files.isDirectory(alone)) {
      return alone;
    }
    return root.resolve("cpu,cpuacct"); // the usual mount of the two together
  }

  private static Path dir(Path mount, String path) {
    Path d = mount.resolve(path.startsWith("/") ? path.substring(1) : path);
    return Files.isDirectory(d) ? d : mount;
  }

  private ProcFile open(Path p) {
    if (!Files.isReadable(p)) {
      return null;
    }
    try {
      ProcFile f = new ProcFile(p);
      files.add(f);
      return f;
    } catch (IOException e) {
      return null;
    }
  }

  void probe(Emit out) {
    if (v2) {
      keyed(cpuStat, 1e6, out);
      String[] max = fields(cpuMax);
      if (max.length == 2 && !max[0].equals("max")) {
        out.value("container_spec_cpu_quota", labels, NodeStat.parse(max[0]));
        out.value("container_spec_cpu_period", labels, NodeStat.parse(max[1]));
      }
    } else {
      number(cpuUsage, "container_cpu_usage_seconds_total", 1e9, out);
      number(cpuUser, "container_cpu_user_seconds_total", 1e9, out);
      number(cpuSys, "container_cpu_system_seconds_total", 1e9, out);
      keyed(cpuStat, 1e9, out);
      long q = first(quota);
      if (q > 0) {
        out.value("container_spec_cpu_quota", labels, q);
        number(period, "container_spec_cpu_period", 1, out);
      }
    }
    number(memory, "container_memory_usage_bytes", 1, out);
    long limit = first(memoryLimit);
    if (limit > 0 && limit < (1L << 62)) { // v1 says "unlimited" with a page-rounded 2^63
      out.value("container_spec_memory_limit_bytes", labels, limit);
    }
  }

  /** {@code cpu.stat}: v2 usage/user/system in µs and throttling; v1 throttling in ns. */
  private void keyed(ProcFile f, double perSecond, Emit out) {
    if (f == null) {
      return;
    }
    for (String line : read(f).split("\n")) {
      String[] kv = ProcCounters.fields(line);
      if (kv.length != 2) {
        continue;
      }
      long v = NodeStat.parse(kv[1]);
      String metric =
          switch (kv[0]) {
            case "usage_usec" -> "container_cpu_usage_seconds_total";
            case "user_usec" -> "container_cpu_user_seconds_total";
            case "system_usec" -> "container_cpu_system_seconds_total";
            case "nr_periods" -> "container_cpu_cfs_periods_total";
            case "nr_throttled" -> "container_cpu_cfs_throttled_periods_total";
            case "throttled_usec", "throttled_time" -> "container_cpu_cfs_throttled_seconds_total";
            default -> null;
          };
      if (metric != null && v >= 0) {
        boolean count = kv[0].startsWith("nr_");
        out.value(metric, labels, count ? v : v / perSecond);
      }
    }
  }

  /** The file's number divided by {@code divisor} (a division: exact decimals stay exact). */
  private void number(ProcFile f, String metric, double divisor, Emit out) {
    long v = first(f);
    if (v >= 0) {
      out.value(metric, labels, v / divisor);
    }
  }

  private static long first(ProcFile f) {
    String[] v = fields(f);
    return v.length == 0 ? -1 : NodeStat.parse(v[0]);
  }

  private static String[] fields(ProcFile f) {
    return f == null ? new String[0] : ProcCounters.fields(read(f).trim());
  }

  private static String read(ProcFile f) {
    try {
      return f.read();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    for (ProcFile f : files) {
      try {
        f.close();
      } catch (IOException e) {
        // read-only
      }
    }
  }
}
