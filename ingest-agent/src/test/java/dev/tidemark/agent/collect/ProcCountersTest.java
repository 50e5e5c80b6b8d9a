package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

class ProcCountersTest {
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
  void parsesTheThreeLoadAverages() {
    assertThat(ProcCounters.parseLoadavg("0.52 0.58 1.59 1/345 12345\n"))
        .containsExactly(0.52, 0.58, 1.59);
    assertThat(ProcCounters.parseLoadavg("")).isNull();
  }

  @Test
  void unreadableOrEmptyTextGivesNoDevices() {
    assertThat(ProcCounters.parseDiskstats("")).isEmpty();
    assertThat(ProcCounters.parseNetDev("garbage\n: x y\n")).isEmpty();
  }

  /** The names OSHI gives disks and interfaces are the keys the host probe looks up. */
  @Test
  void findsEveryDeviceOshiListsOnThisMachine() {
    assumeTrue(ProcCounters.available(), "Linux only");
    HardwareAbstractionLayer hal = new SystemInfo().getHardware();
    List<HWDiskStore> oshiDisks = hal.getDiskStores();
    List<NetworkIF> oshiInterfaces = hal.getNetworkIFs(true);
    Map<String, ProcCounters.Disk> disks = ProcCounters.disks(); // read after OSHI: never behind
    for (HWDiskStore disk : oshiDisks) {
      assertThat(disks).containsKey(disk.getName());
      assertThat(disks.get(disk.getName()).reads()).isGreaterThanOrEqualTo(disk.getReads());
    }
    Map<String, ProcCounters.Interface> interfaces = ProcCounters.interfaces();
    for (NetworkIF nif : oshiInterfaces) {
      assertThat(interfaces).containsKey(nif.getName());
      assertThat(interfaces.get(nif.getName()).receivedBytes())
          .isGreaterThanOrEqualTo(nif.getBytesRecv());
    }
  }
}
