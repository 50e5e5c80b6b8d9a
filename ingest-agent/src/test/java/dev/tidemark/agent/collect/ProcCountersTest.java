package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

class ProcCountersTest {
  @Test
  void parsesPerCoreTicksAndSkipsTheTotalLine() {
    String text =
        """
        cpu  500 10 300 9000 40 0 20 5 0 0
        cpu0 300 10 200 4000 30 0 15 5 0 0
        cpu1 200 0 100 5000 10 0 5 0 0 0
        intr 123456 0 9 0
        ctxt 987654
        """;
    long[][] ticks = ProcCounters.parseCpuTicks(text);
    assertThat(ticks).hasDimensions(2, 8);
    assertThat(ticks[0]).containsExactly(300, 10, 200, 4000, 30, 0, 15, 5);
    assertThat(ticks[1]).containsExactly(200, 0, 100, 5000, 10, 0, 5, 0);
    assertThat(ProcCounters.parseCpuTicks("intr 1 2\n")).isNull();
  }

  @Test
  void parsesMemoryAndSwapInBytes() {
    String text =
        """
        MemTotal:       24684412 kB
        MemFree:        17599412 kB
        MemAvailable:   22767220 kB
        SwapCached:            0 kB
        SwapTotal:       2097148 kB
        SwapFree:        2097000 kB
        HugePages_Total:       0
        """;
    assertThat(ProcCounters.parseMeminfo(text))
        .isEqualTo(
            new ProcCounters.Memory(
                24684412L * 1024, 22767220L * 1024, 2097148L * 1024, 2097000L * 1024));
    assertThat(ProcCounters.parseMeminfo("MemTotal: 1 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n"))
        .as("no MemAvailable: left to OSHI")
        .isNull();
  }

  @Test
  void parsesTheThreeLoadAverages() {
    assertThat(ProcCounters.parseLoadavg("0.52 0.58 1.59 1/345 12345\n"))
        .containsExactly(0.52, 0.58, 1.59);
    assertThat(ProcCounters.parseLoadavg("")).isNull();
  }

  @Test
  void parsesDiskstatsIntoCountsAndBytes() {
    String text =
        """
         253       0 vda 15340 4189 1093862 8042 261470 182210 9184424 301045 0 180968 312011 0 0 0 0 4 3201
         253       1 vda1 15200 4189 1090000 8000 261470 182210 9184424 301045 0 180968 312011
           7       0 loop0 0 0 0 0
        """;
    Map<String, ProcCounters.Disk> disks = ProcCounters.parseDiskstats(text);
    assertThat(disks).containsOnlyKeys("/dev/vda", "/dev/vda1");
    assertThat(disks.get("/dev/vda"))
        .isEqualTo(new ProcCounters.Disk(15340, 1093862L * 512, 261470, 9184424L * 512));
  }

  @Test
  void parsesNetDevSummingReceiveAndTransmitErrors() {
    String text =
        """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:  104960    1100    0    0    0     0          0         0   104960    1100    0    0    0     0       0          0
          eth0:90071833   63212    3    0    0     0          0         0  5839223   41002    2    0    0     0       0          0
        """;
    Map<String, ProcCounters.Interface> interfaces = ProcCounters.parseNetDev(text);
    assertThat(interfaces).containsOnlyKeys("lo", "eth0");
    assertThat(interfaces.get("eth0"))
        .isEqualTo(new ProcCounters.Interface(90071833, 5839223, 63212, 41002, 5));
  }

  @Test
  void emptyOrForeignTextGivesNothing() {
    assertThat(ProcCounters.parseDiskstats("")).isEmpty();
    assertThat(ProcCounters.parseNetDev("garbage\n: x y\n")).isEmpty();
    assertThat(ProcCounters.parseMeminfo("")).isNull();
    assertThat(ProcCounters.fields("  a \t b  c ")).containsExactly("a", "b", "c");
  }

  /** What OSHI reports on this machine is what the host probe reads from /proc instead. */
  @Test
  void agreesWithOshiOnThisMachine() {
    try (ProcCounters proc = ProcCounters.open()) {
      assumeTrue(proc != null, "Linux only");
      HardwareAbstractionLayer hal = new SystemInfo().getHardware();
      int cores = hal.getProcessor().getProcessorCpuLoadTicks().length;
      assertThat(proc.cpuTicks()).hasNumberOfRows(cores);
      GlobalMemory mem = hal.getMemory();
      ProcCounters.Memory m = proc.memory();
      assertThat(m.total()).isEqualTo(mem.getTotal());
      assertThat(m.swapTotal()).isEqualTo(mem.getVirtualMemory().getSwapTotal());
      assertThat(m.available()).isPositive().isLessThanOrEqualTo(m.total());
      assertThat(proc.loadAverage()).hasSize(3);
      List<HWDiskStore> oshiDisks = hal.getDiskStores();
      List<NetworkIF> oshiInterfaces = hal.getNetworkIFs(true);
      Map<String, ProcCounters.Disk> disks = proc.disks(); // read after OSHI: never behind
      for (HWDiskStore disk : oshiDisks) {
        assertThat(disks).containsKey(disk.getName());
        assertThat(disks.get(disk.getName()).reads()).isGreaterThanOrEqualTo(disk.getReads());
      }
      Map<String, ProcCounters.Interface> interfaces = proc.interfaces();
      for (NetworkIF nif : oshiInterfaces) {
        assertThat(interfaces).containsKey(nif.getName());
        assertThat(interfaces.get(nif.getName()).receivedBytes())
            .isGreaterThanOrEqualTo(nif.getBytesRecv());
      }
      assertThat(proc.cpuTicks()).as("a file read again").hasNumberOfRows(cores);
    }
  }
}
