package dev.tidemark.agent.collect;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;

/**
 * The cheap host probes: CPU (total and per core, from tick deltas), load averages, memory, swap,
 * disk and network counters. One instance per collector thread (it keeps the previous ticks).
 */
final class HostProbe {
  private final HardwareAbstractionLayer hal;
  private long[] prevTicks;
  private long[][] prevCoreTicks;

  HostProbe(SystemInfo si) {
    this.hal = si.getHardware();
    CentralProcessor cpu = hal.getProcessor();
    this.prevTicks = cpu.getSystemCpuLoadTicks();
    this.prevCoreTicks = cpu.getProcessorCpuLoadTicks();
  }

  void probe(Emit out) {
    CentralProcessor cpu = hal.getProcessor();
    out.value("host_cpu_percent", 100 * cpu.getSystemCpuLoadBetweenTicks(prevTicks));
    prevTicks = cpu.getSystemCpuLoadTicks();
    double[] cores = cpu.getProcessorCpuLoadBetweenTicks(prevCoreTicks);
    for (int i = 0; i < cores.length; i++) {
      out.value("host_cpu_core_percent", "core", Integer.toString(i), 100 * cores[i]);
    }
    prevCoreTicks = cpu.getProcessorCpuLoadTicks();
    double[] load = cpu.getSystemLoadAverage(3);
    if (load[0] >= 0) {
      out.value("host_load1", load[0]);
      out.value("host_load5", load[1]);
      out.value("host_load15", load[2]);
    }
    GlobalMemory mem = hal.getMemory();
    out.value("host_memory_total_bytes", mem.getTotal());
    out.value("host_memory_available_bytes", mem.getAvailable());
    out.value("host_memory_used_bytes", mem.getTotal() - mem.getAvailable());
    VirtualMemory swap = mem.getVirtualMemory();
    out.value("host_swap_total_bytes", swap.getSwapTotal());
    out.value("host_swap_used_bytes", swap.getSwapUsed());
    for (HWDiskStore disk : hal.getDiskStores()) {
      String name = disk.getName();
      out.value("host_disk_reads_total", "disk", name, disk.getReads());
      out.value("host_disk_writes_total", "disk", name, disk.getWrites());
      out.value("host_disk_read_bytes_total", "disk", name, disk.getReadBytes());
      out.value("host_disk_written_bytes_total", "disk", name, disk.getWriteBytes());
    }
    for (NetworkIF nif : hal.getNetworkIFs(true)) {
      String name = nif.getName();
      out.value("host_network_received_bytes_total", "interface", name, nif.getBytesRecv());
      out.value("host_network_sent_bytes_total", "interface", name, nif.getBytesSent());
      out.value("host_network_received_packets_total", "interface", name, nif.getPacketsRecv());
      out.value("host_network_sent_packets_total", "interface", name, nif.getPacketsSent());
      out.value(
          "host_network_errors_total", "interface", name, nif.getInErrors() + nif.getOutErrors());
    }
  }
}
