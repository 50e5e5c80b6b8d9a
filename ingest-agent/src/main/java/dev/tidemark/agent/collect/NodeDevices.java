package dev.tidemark.agent.collect;

import java.util.regex.Pattern;

/**
 * Per-disk and per-interface counters as node_exporter's diskstats and netdev collectors name them,
 * from {@code /proc/diskstats} and {@code /proc/net/dev}, labelled {@code device}. Partitions, loop
 * and ram devices are left out by node_exporter's default pattern.
 */
final class NodeDevices {
  /** node_exporter's default {@code --collector.diskstats.device-exclude}. */
  static final Pattern DISK_EXCLUDE =
      Pattern.compile("^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

  private static final double SECTOR = 512; // the kernel's sector unit, whatever the disk's

  private static final String[] DISK = {
    "node_disk_reads_completed_total",
    "node_disk_reads_merged_total",
    "node_disk_read_bytes_total",
    "node_disk_read_time_seconds_total",
    "node_disk_writes_completed_total",
    "node_disk_writes_merged_total",
    "node_disk_written_bytes_total",
    "node_disk_write_time_seconds_total",
    "node_disk_io_now",
    "node_disk_io_time_seconds_total",
    "node_disk_io_time_weighted_seconds_total"
  };

  /** Multiplier per field of {@link #DISK}: sectors to bytes. */
  private static final double[] DISK_MUL = {1, 1, SECTOR, 1, 1, 1, SECTOR, 1, 1, 1, 1};

  /**
   * Divisor per field of {@link #DISK}: milliseconds to seconds (a division, so 700 ms is 0.7 s
   * exactly, which the compact wire format then sends as a short decimal).
   */
  private static final double[] DISK_DIV = {1, 1, 1, 1000, 1, 1, 1, 1000, 1, 1000, 1000};

  /** The 16 /proc/net/dev columns, receive then transmit, as node_exporter names them. */
  private static final String[] NET = {
    "node_network_receive_bytes_total",
    "node_network_receive_packets_total",
    "node_network_receive_errs_total",
    "node_network_receive_drop_total",
    "node_network_receive_fifo_total",
    "node_network_receive_frame_total",
    "node_network_receive_compressed_total",
    "node_network_receive_multicast_total",
    "node_network_transmit_bytes_total",
    "node_network_transmit_packets_total",
    "node_network_transmit_errs_total",
    "node_network_transmit_drop_total",
    "node_network_transmit_fifo_total",
    "node_network_transmit_colls_total",
    "node_network_transmit_carrier_total",
    "node_network_transmit_compressed_total"
  };

  private NodeDevices() {}

  static void disks(String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      String[] f = ProcCounters.fields(line);
      if (f.length < 14 || DISK_EXCLUDE.matcher(f[2]).matches()) {
        continue;
      }
      var labels = series.of("device", f[2]);
      for (int i = 0; i < DISK.length; i++) {
        long v = NodeStat.parse(f[3 + i]);
        if (v >= 0) {
          out.value(DISK[i], labels, v * DISK_MUL[i] / DISK_DIV[i]);
        }
      }
    }
  }

  static void interfaces(String text, Series series, Emit out) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] f = ProcCounters.fields(line.substring(colon + 1));
      if (f.length < 16 || NodeStat.parse(f[0]) < 0) {
        continue;
      }
      var labels = series.of("device", line.substring(0, colon).trim());
      for (int i = 0; i < NET.length; i++) {
        out.value(NET[i], labels, NodeStat.parse(f[i]));
      }
    }
  }
}
