package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeProbeTest {
  private final CapturingSpool spool = new CapturingSpool();
  private final Series series = new Series(Map.of("host", "h1"));
  private final Emit out = spool.emit(Map.of("host", "h1"));

  @Test
  void cpuSecondsPerCoreAndModeAndTheStatCounters() {
    NodeStat.emit(
        """
        cpu  500 10 300 9000 40 0 20 5 0 0
        cpu0 300 10 200 4000 30 0 15 5 0 0
        cpu1 200 0 100 5000 10 0 5 0 0 0
        intr 123456 0 9 0
        ctxt 987654
        btime 1700000000
        processes 4242
        procs_running 3
        procs_blocked 1
        """,
        series,
        out);
    Map<String, Double> v = spool.values("host");
    assertThat(v)
        .containsEntry("node_cpu_seconds_total{cpu=0, mode=user}", 3.0)
        .containsEntry("node_cpu_seconds_total{cpu=1, mode=idle}", 50.0)
        .containsEntry("node_cpu_seconds_total{cpu=0, mode=steal}", 0.05)
        .containsEntry("node_context_switches_total{}", 987654.0)
        .containsEntry("node_intr_total{}", 123456.0)
        .containsEntry("node_forks_total{}", 4242.0)
        .containsEntry("node_boot_time_seconds{}", 1.7e9)
        .containsEntry("node_procs_running{}", 3.0)
        .containsEntry("node_procs_blocked{}", 1.0)
        .doesNotContainKey("node_cpu_seconds_total{cpu=, mode=user}");
    assertThat(v.keySet().stream().filter(k -> k.startsWith("node_cpu_"))).hasSize(16);
  }

  @Test
  void meminfoAsNodeExporterNamesIt() {
    NodeMemory.emit(
        """
        MemTotal:       24684412 kB
        Active(anon):     123456 kB
        HugePages_Total:       0
        Hugepagesize:       2048 kB
        """,
        series,
        out,
        new NodeMemory.NameCache());
    assertThat(spool.values("host"))
        .containsEntry("node_memory_MemTotal_bytes{}", 24684412 * 1024.0)
        .containsEntry("node_memory_Active_anon_bytes{}", 123456 * 1024.0)
        .containsEntry("node_memory_HugePages_Total{}", 0.0)
        .containsEntry("node_memory_Hugepagesize_bytes{}", 2048 * 1024.0);
  }

  @Test
  void disksWithoutPartitionsAndInterfacesWithDrops() {
    NodeDevices.disks(
        """
           8       0 sda 100 5 2000 300 50 6 800 400 0 500 700 0 0 0 0
           8       1 sda1 90 5 1900 290 50 6 800 400 0 490 690 0 0 0 0
           7       0 loop0 1 0 2 0 0 0 0 0 0 0 0
         259       0 nvme0n1 10 0 20 30 40 0 80 90 2 100 120
        """,
        series,
        out);
    NodeDevices.interfaces(
        """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
          eth0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0
        """,
        series,
        out);
    Map<String, Double> v = spool.values("host");
    assertThat(v)
        .containsEntry("node_disk_reads_completed_total{device=sda}", 100.0)
        .containsEntry("node_disk_read_bytes_total{device=sda}", 2000 * 512.0)
        .containsEntry("node_disk_read_time_seconds_total{device=sda}", 0.3)
        .containsEntry("node_disk_written_bytes_total{device=sda}", 800 * 512.0)
        .containsEntry("node_disk_io_time_weighted_seconds_total{device=sda}", 0.7)
        .containsEntry("node_disk_io_now{device=nvme0n1}", 2.0)
        .containsEntry("node_network_receive_bytes_total{device=eth0}", 1000.0)
        .containsEntry("node_network_receive_drop_total{device=eth0}", 2.0)
        .containsEntry("node_network_transmit_errs_total{device=eth0}", 3.0)
        .containsEntry("node_network_transmit_drop_total{device=eth0}", 4.0);
    assertThat(v.keySet()).noneMatch(k -> k.contains("sda1") || k.contains("loop0"));
  }

  @Test
  void pressureLoadFileHandlesAndVmstat() {
    NodeMisc.pressure(
        "memory",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=1500000\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=500000\n",
        series,
        out);
    NodeMisc.pressure("cpu", "some avg10=1.00 avg60=0.00 avg300=0.00 total=2000000\n", series, out);
    NodeMisc.load("0.52 0.58 0.59 1/345 12345\n", series, out);
    NodeMisc.fileNr("1024\t0\t9223372036854775807\n", series, out);
    NodeMisc.vmstat(
        "nr_free_pages 5\npgfault 77\npgmajfault 3\npswpin 1\noom_kill 0\n", series, out);
    assertThat(spool.values("host"))
        .containsEntry("node_pressure_memory_waiting_seconds_total{}", 1.5)
        .containsEntry("node_pressure_memory_stalled_seconds_total{}", 0.5)
        .containsEntry("node_pressure_cpu_waiting_seconds_total{}", 2.0)
        .containsEntry("node_load1{}", 0.52)
        .containsEntry("node_load15{}", 0.59)
        .containsEntry("node_filefd_allocated{}", 1024.0)
        .containsEntry("node_vmstat_pgfault{}", 77.0)
        .containsEntry("node_vmstat_pgmajfault{}", 3.0)
        .containsEntry("node_vmstat_oom_kill{}", 0.0)
        .doesNotContainKey("node_vmstat_nr_free_pages{}");
  }

  @Test
  void protocolCountersAndSocketsAsNodeExporterNamesThem() {
    NodeNetstat n = new NodeNetstat();
    n.pairs(
        """
        Tcp: RtoAlgorithm MaxConn ActiveOpens PassiveOpens RetransSegs CurrEstab InSegs
        Tcp: 1 -1 120 30 7 12 9000
        Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors
        Udp: 500 2 1 480 0
        """,
        series,
        out);
    n.pairs(
        "TcpExt: SyncookiesSent ListenDrops TCPTimeouts DelayedACKs\nTcpExt: 0 3 11 400\n",
        series,
        out);
    n.snmp6("Ip6InOctets 1234\nIp6InNoRoutes 5\nUdp6InDatagrams 9\n", series, out);
    NodeNetstat.sockstat(
        "sockets: used 55\nTCP: inuse 14 orphan 0 tw 62 alloc 24 mem 220\nUDP: inuse 0 mem 0\n",
        series,
        out);
    NodeDevices.interfaces("eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", series, out);
    Map<String, Double> v = spool.values("host");
    assertThat(v)
        .containsEntry("node_netstat_Tcp_RetransSegs{}", 7.0)
        .containsEntry("node_netstat_Tcp_CurrEstab{}", 12.0)
        .containsEntry("node_netstat_Udp_RcvbufErrors{}", 0.0)
        .containsEntry("node_netstat_Udp_InErrors{}", 1.0)
        .containsEntry("node_netstat_TcpExt_ListenDrops{}", 3.0)
        .containsEntry("node_netstat_TcpExt_TCPTimeouts{}", 11.0)
        .containsEntry("node_netstat_TcpExt_SyncookiesSent{}", 0.0)
        .containsEntry("node_netstat_Ip6_InOctets{}", 1234.0)
        .containsEntry("node_netstat_Udp6_InDatagrams{}", 9.0)
        .containsEntry("node_sockstat_sockets_used{}", 55.0)
        .containsEntry("node_sockstat_TCP_tw{}", 62.0)
        .containsEntry("node_sockstat_TCP_mem_bytes{}", 220 * 4096.0)
        .containsEntry("node_network_receive_multicast_total{device=eth1}", 8.0)
        .containsEntry("node_network_transmit_colls_total{device=eth1}", 14.0)
        .containsEntry("node_network_transmit_compressed_total{device=eth1}", 16.0)
        .doesNotContainKey("node_netstat_Tcp_MaxConn{}")
        .doesNotContainKey("node_netstat_TcpExt_DelayedACKs{}")
        .doesNotContainKey("node_netstat_Ip6_InNoRoutes{}");
  }

  @Test
  void mountPointsAreUnescapedAndPseudoFilesystemsLeftOut() {
    assertThat(NodeFilesystems.unescape("/mnt/my\\040disk")).isEqualTo("/mnt/my disk");
    assertThat(NodeFilesystems.FSTYPE_EXCLUDE.matcher("proc").matches()).isTrue();
    assertThat(NodeFilesystems.MOUNT_EXCLUDE.matcher("/sys/kernel").find()).isTrue();
    assertThat(NodeFilesystems.MOUNT_EXCLUDE.matcher("/srv").find()).isFalse();
  }

  @Test
  void theWholeProbeOnThisHostReadsTheRootFilesystem() {
    assumeThat(Files.isReadable(Path.of("/proc/stat"))).as("Linux /proc").isTrue();
    try (NodeProbe probe = NodeProbe.open(Map.of("host", "h1"))) {
      probe.probe(out);
      probe.probe(out); // the second has CPU ticks to compare: host_cpu_percent
    }
    Map<String, Double> v = spool.values("host");
    assertThat(v.keySet())
        .anyMatch(k -> k.startsWith("node_filesystem_size_bytes{"))
        .anyMatch(k -> k.startsWith("node_memory_MemAvailable_bytes"))
        .anyMatch(k -> k.startsWith("node_network_receive_packets_total{device=lo}"))
        .anyMatch(k -> k.startsWith("node_netstat_Tcp_InSegs"))
        .anyMatch(k -> k.startsWith("node_sockstat_sockets_used"))
        .contains("host_cpu_percent{}", "host_memory_used_bytes{}"); // for the OSHI-era dashboards
    assertThat(v.entrySet())
        .filteredOn(e -> e.getKey().startsWith("node_filesystem_files{"))
        .allMatch(e -> e.getValue() >= 0);
  }
}
