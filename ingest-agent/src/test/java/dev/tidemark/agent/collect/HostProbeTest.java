package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.protocol.Sample;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

class HostProbeTest {
  @TempDir Path dir;

  /** Counters from /proc and counters from OSHI alone name the same series. */
  @Test
  void procAndOshiCountersGiveTheSameSeries() {
    HardwareAbstractionLayer hal = new SystemInfo().getHardware();
    Devices devices = new Devices(hal);
    Set<String> withProc;
    try (ProcCounters proc = ProcCounters.open()) {
      withProc = series(new HostProbe(hal.getProcessor(), hal.getMemory(), devices, proc));
    }
    Set<String> oshiOnly =
        series(new HostProbe(hal.getProcessor(), hal.getMemory(), devices, null));
    assertThat(withProc).isEqualTo(oshiOnly).contains("host_cpu_percent{host=h1}");
    if (!devices.disks().isEmpty()) {
      String disk = devices.disks().get(0).getName();
      assertThat(withProc).contains("host_disk_read_bytes_total{disk=" + disk + ", host=h1}");
    }
  }

  @Test
  void busyShareLeavesOutIdleAndIoWait() {
    // user, nice, system, idle, iowait, irq, softirq, steal
    long[] prev = {100, 0, 50, 800, 50, 0, 0, 0};
    long[] now = {160, 0, 70, 900, 70, 0, 0, 0};
    assertThat(HostProbe.busy(now, prev)).isEqualTo(80.0 / 200);
    assertThat(HostProbe.busy(prev, prev)).isZero();
  }

  @Test
  void relistingKeepsTheDevicesOfAnUnchangedMachine() {
    HardwareAbstractionLayer hal = new SystemInfo().getHardware();
    Devices devices = new Devices(hal);
    int disks = devices.disks().size();
    int interfaces = devices.interfaces().size();
    devices.relist();
    assertThat(devices.disks()).hasSize(disks);
    assertThat(devices.interfaces()).hasSize(interfaces);
  }

  private Set<String> series(HostProbe probe) {
    Set<String> keys = new HashSet<>();
    Path spoolDir = dir.resolve("spool-" + System.nanoTime());
    try (Spool spool = Spool.open(spoolDir, new SpoolOptions(64 << 20, "hourly"), -1)) {
      Emit out = new Emit(spool, Map.of("host", "h1"), System.currentTimeMillis());
      probe.probe(out);
      out.flush();
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        for (SpoolEntry e = c.next(); e != null; e = c.next()) {
          for (Sample s : e.samples()) {
            keys.add(s.metric() + s.labels().asMap());
          }
        }
      }
    }
    return keys;
  }
}
