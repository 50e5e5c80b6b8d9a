package dev.tidemark.agent.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host as node_exporter shows it, read straight from {@code /proc} and {@code /sys} through
 * files kept open (one read each per probe): CPU time per core and mode, context switches,
 * interrupts, forks, {@code /proc/meminfo} in full, load, pressure stall information where the
 * kernel has it, disks, network interfaces, TCP/UDP protocol counters and socket use, file handles,
 * page faults and swapping, filesystems, and the agent's cgroup. The metric names are
 * node_exporter's (cAdvisor's for the cgroup), so dashboards and rules written for them work
 * unchanged. Linux only: {@link #open} answers null elsewhere and the OSHI host probe runs instead.
 */
final class NodeProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeProbe.class);
  private static final String[] PRESSURE = {"cpu", "memory", "io"};

  private final List<ProcFile> files = new ArrayList<>();
  private final Series series;
  private final NodeMemory.NameCache memoryNames = new NodeMemory.NameCache();
  private final NodeFilesystems filesystems = new NodeFilesystems();
  private final ProcFile stat;
  private final ProcFile meminfo;
  private final ProcFile loadavg;
  private final ProcFile diskstats;
  private final ProcFile netDev;
  private final ProcFile fileNr;
  private final ProcFile vmstat;
  private final ProcFile mounts;
  private final ProcFile netstat;
  private final ProcFile snmp;
  private final ProcFile snmp6;
  private final ProcFile sockstat;
  private final ProcFile sockstat6;
  private final NodeNetstat protocols = new NodeNetstat();
  private final ProcFile[] pressure = new ProcFile[PRESSURE.length];
  private final CgroupProbe cgroup;
  private boolean statvfsFailed;
  private long[] prevCpuTotal; // for host_cpu_percent

  private NodeProbe(Path proc, Path sys, Map<String, String> labels) {
    this.series = new Series(labels);
    stat = open(proc.resolve("stat"));
    meminfo = open(proc.resolve("meminfo"));
    loadavg = open(proc.resolve("loadavg"));
    diskstats = open(proc.resolve("diskstats"));
    netDev = open(proc.resolve("net/dev"));
    fileNr = open(proc.resolve("sys/fs/file-nr"));
    vmstat = open(proc.resolve("vmstat"));
    mounts = open(proc.resolve("self/mounts"));
    netstat = open(proc.resolve("net/netstat"));
    snmp = open(proc.resolve("net/snmp"));
    snmp6 = open(proc.resolve("net/snmp6"));
    sockstat = open(proc.resolve("net/sockstat"));
    sockstat6 = open(proc.resolve("net/sockstat6"));
    for (int i = 0; i < PRESSURE.length; i++) {
      pressure[i] = open(proc.resolve("pressure").resolve(PRESSURE[i]));
    }
    cgroup = CgroupProbe.open(series, sys.resolve("fs/cgroup"));
  }

  /** The probe of this Linux host; null where there is no {@code /proc/stat}. */
  static NodeProbe open(Map<String, String> labels) {
    Path proc = Path.of("/proc");
    if (!Files.isReadable(proc.resolve("stat"))) {
      return null;
    }
    return new NodeProbe(proc, Path.of("/sys"), labels);
  }

  private ProcFile open(Path p) {
    try {
      ProcFile f = new ProcFile(p);
      files.add(f);
      return f;
    } catch (IOException e) {
      return null; // absent on this kernel (pressure before 4.20), or not readable
    }
  }

  void probe(Emit out) {
    String s;
    if ((s = read(stat)) != null) {
      NodeStat.emit(s, series, out);
      hostCpu(s, out);
    }
    if ((s = read(meminfo)) != null) {
      NodeMemory.emit(s, series, out, memoryNames);
      hostMemory(s, out);
    }
    if ((s = read(loadavg)) != null) {
      NodeMisc.load(s, series, out);
    }
    for (int i = 0; i < PRESSURE.length; i++) {
      if ((s = read(pressure[i])) != null) {
        NodeMisc.pressure(PRESSURE[i], s, series, out);
      }
    }
    if ((s = read(diskstats)) != null) {
      NodeDevices.disks(s, series, out);
    }
    if ((s = read(netDev)) != null) {
      NodeDevices.interfaces(s, series, out);
    }
    if ((s = read(netstat)) != null) {
      protocols.pairs(s, series, out);
    }
    if ((s = read(snmp)) != null) {
      protocols.pairs(s, series, out);
    }
    if ((s = read(snmp6)) != null) {
      protocols.snmp6(s, series, out);
    }
    if ((s = read(sockstat)) != null) {
      NodeNetstat.sockstat(s, series, out);
    }
    if ((s = read(sockstat6)) != null) {
      NodeNetstat.sockstat(s, series, out);
    }
    if ((s = read(fileNr)) != null) {
      NodeMisc.fileNr(s, series, out);
    }
    if ((s = read(vmstat)) != null) {
      NodeMisc.vmstat(s, series, out);
    }
    if (!statvfsFailed && (s = read(mounts)) != null) {
      try {
        filesystems.emit(s, series, out);
      } catch (LinkageError e) { // no JNA for this platform: filesystems are then left out
        statvfsFailed = true;
        LOG.warn("cannot read filesystem sizes: {}", e.toString());
      }
    }
    if (cgroup != null) {
      cgroup.probe(out);
    }
  }

  /**
   * {@code host_cpu_percent}, as the OSHI probe computes it (ticks neither idle nor iowait, over
   * all ticks, summed over cores), so the release-comparison dashboards and reports that read it
   * work on Linux hosts too.
   */
  private void hostCpu(String stat, Emit out) {
    long[][] cores = ProcCounters.parseCpuTicks(stat);
    if (cores == null) {
      return;
    }
    long[] total = new long[cores[0].length];
    for (long[] core : cores) {
      for (int t = 0; t < total.length; t++) {
        total[t] += core[t];
      }
    }
    if (prevCpuTotal != null && prevCpuTotal.length == total.length) {
      out.value("host_cpu_percent", series.plain(), 100 * HostProbe.busy(total, prevCpuTotal));
    }
    prevCpuTotal = total;
  }

  /** {@code host_memory_{total,available,used}_bytes}, as the OSHI probe names them. */
  private void hostMemory(String meminfo, Emit out) {
    ProcCounters.Memory m = ProcCounters.parseMeminfo(meminfo);
    if (m != null) {
      out.value("host_memory_total_bytes", series.plain(), m.total());
      out.value("host_memory_available_bytes", series.plain(), m.available());
      out.value("host_memory_used_bytes", series.plain(), m.total() - m.available());
    }
  }

  private static String read(ProcFile f) {
    if (f == null) {
      return null;
    }
    try {
      return f.read();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (cgroup != null) {
      cgroup.close();
    }
    for (ProcFile f : files) {
      try {
        f.close();
      } catch (IOException e) {
        // read-only
      }
    }
  }
}
