package dev.tidemark.agent.collect;

import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;

/**
 * The cheap host probes: CPU (total and per core, from tick deltas), load averages, memory, swap,
 * disk and network counters. One instance per collector thread (it keeps the previous ticks). The
 * disks and interfaces come from {@link Devices}, listed at the slow interval. Values are read from
 * {@link ProcCounters} where Linux has them, else from OSHI.
 */
final class HostProbe {
  private static final int IDLE = CentralProcessor.TickType.IDLE.getIndex();
  private static final int IOWAIT = CentralProcessor.TickType.IOWAIT.getIndex();

  private final CentralProcessor cpu;
  private final GlobalMemory mem;
  private final Devices devices;
  private final ProcCounters proc;
  private long[][] prevCoreTicks;

  /** {@code proc} null reads everything through OSHI, as on machines without /proc. */
  HostProbe(CentralProcessor cpu, GlobalMemory mem, Devices devices, ProcCounters proc) {
    this.cpu = cpu;
    this.mem = mem;
    this.devices = devices;
    this.proc = proc;
    this.prevCoreTicks = coreTicks();
  }

  void probe(Emit out) {
    cpu(out);
    double[] load = proc == null ? null : proc.loadAverage();
    if (load == null) {
      load = cpu.getSystemLoadAverage(3);
    }
    if (load[0] >= 0) {
      out.value("host_load1", load[0]);
      out.value("host_load5", load[1]);
      out.value("host_load15", load[2]);
    }
    ProcCounters.Memory m = proc == null ? null : proc.memory();
    if (m == null) {
      VirtualMemory swap = mem.getVirtualMemory();
      m =
          new ProcCounters.Memory(
              mem.getTotal(),
              mem.getAvailable(),
              swap.getSwapTotal(),
              swap.getSwapTotal() - swap.getSwapUsed());
    }
    out.value("host_memory_total_bytes", m.total());
    out.value("host_memory_available_bytes", m.available());
    out.value("host_memory_used_bytes", m.total() - m.available());
    out.value("host_swap_total_bytes", m.swapTotal());
    out.value("host_swap_used_bytes", m.swapTotal() - m.swapFree());
    disks(out);
    interfaces(out);
  }

  private long[][] coreTicks() {
    long[][] ticks = proc == null ? null : proc.cpuTicks();
    return ticks != null ? ticks : cpu.getProcessorCpuLoadTicks();
  }

  /**
   * Total and per-core busy share from one read of the per-core ticks: the total is their sum, as
   * the kernel's own total is (OSHI reads that from a second pass over {@code /proc/stat}).
   */
  private void cpu(Emit out) {
    long[][] ticks = coreTicks();
    if (ticks.length != prevCoreTicks.length) { // a core went on- or offline: start over
      prevCoreTicks = ticks;
      return;
    }
    long[] total = new long[ticks.length == 0 ? 0 : ticks[0].length];
    long[] prevTotal = new long[total.length];
    for (int i = 0; i < ticks.length; i++) {
      for (int t = 0; t < total.length; t++) {
        total[t] += ticks[i][t];
        prevTotal[t] += prevCoreTicks[i][t];
      }
    }
    out.value("host_cpu_percent", 100 * busy(total, prevTotal));
    for (int i = 0; i < ticks.length; i++) {
      out.value(
          "host_cpu_core_percent",
          "core",
          Integer.toString(i),
          100 * busy(ticks[i], prevCoreTicks[i]));
    }
    prevCoreTicks = ticks;
  }

  /** OSHI's formula: ticks that were neither idle nor waiting on I/O, over all ticks. */
  static double busy(long[] ticks, long[] prev) {
    long all = 0;
    for (int t = 0; t < ticks.length; t++) {
      all += ticks[t] - prev[t];
    }
    long idle = ticks[IDLE] + ticks[IOWAIT] - prev[IDLE] - prev[IOWAIT];
    return all > 0 ? (double) (all - idle) / all : 0;
  }

  private void disks(Emit out) {
    Map<String, ProcCounters.Disk> counters = proc == null ? Map.of() : proc.disks();
    for (HWDiskStore disk : devices.disks()) {
      String name = disk.getName();
      ProcCounters.Disk d = counters.get(name);
      if (d == null) { // no /proc, or a device node named unlike its kernel name
        disk.updateAttributes();
        d =
            new ProcCounters.Disk(
                disk.getReads(), disk.getReadBytes(), disk.getWrites(), disk.getWriteBytes());
      }
      out.value("host_disk_reads_total", "disk", name, d.reads());
      out.value("host_disk_writes_total", "disk", name, d.writes());
      out.value("host_disk_read_bytes_total", "disk", name, d.readBytes());
      out.value("host_disk_written_bytes_total", "disk", name, d.writtenBytes());
    }
  }

  private void interfaces(Emit out) {
    Map<String, ProcCounters.Interface> counters = proc == null ? Map.of() : proc.interfaces();
    for (NetworkIF nif : devices.interfaces()) {
      String name = nif.getName();
      ProcCounters.Interface n = counters.get(name);
      if (n == null) {
        nif.updateAttributes();
        n =
            new ProcCounters.Interface(
                nif.getBytesRecv(),
                nif.getBytesSent(),
                nif.getPacketsRecv(),
                nif.getPacketsSent(),
                nif.getInErrors() + nif.getOutErrors());
      }
      out.value("host_network_received_bytes_total", "interface", name, n.receivedBytes());
      out.value("host_network_sent_bytes_total", "interface", name, n.sentBytes());
      out.value("host_network_received_packets_total", "interface", name, n.receivedPackets());
      out.value("host_network_sent_packets_total", "interface", name, n.sentPackets());
      out.value("host_network_errors_total", "interface", name, n.errors());
    }
  }
}
