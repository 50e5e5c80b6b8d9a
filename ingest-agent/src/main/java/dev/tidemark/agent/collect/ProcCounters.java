package dev.tidemark.agent.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Linux's cumulative disk and network counters, one file read each ({@code /proc/diskstats}, {@code
 * /proc/net/dev}) for all devices. These are the kernel counters OSHI reads per device (the udev
 * {@code stat} attribute, {@code /sys/class/net/<if>/statistics/*}); OSHI's per-device {@code
 * updateAttributes()} costs a udev scan of every block device per disk and a dozen file reads per
 * interface, so the host probe reads these instead where they exist.
 */
final class ProcCounters {
  static final Path DISKSTATS = Path.of("/proc/diskstats");
  static final Path NET_DEV = Path.of("/proc/net/dev");
  static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final long SECTOR_BYTES = 512; // the kernel's sector unit, whatever the disk's

  /** What the host probe ships for a disk. */
  record Disk(long reads, long readBytes, long writes, long writtenBytes) {}

  /** What the host probe ships for a network interface. */
  record Interface(
      long receivedBytes, long sentBytes, long receivedPackets, long sentPackets, long errors) {}

  private ProcCounters() {}

  /** Whether this machine has both files (Linux, {@code /proc} mounted). */
  static boolean available() {
    return Files.isReadable(DISKSTATS) && Files.isReadable(NET_DEV);
  }

  /** Disks by device node ({@code /dev/sda}, as OSHI names them); empty when unreadable. */
  static Map<String, Disk> disks() {
    return parseDiskstats(read(DISKSTATS));
  }

  /** Interfaces by name ({@code eth0}); empty when unreadable. */
  static Map<String, Interface> interfaces() {
    return parseNetDev(read(NET_DEV));
  }

  /** The 1, 5 and 15 minute load averages; null when unreadable (OSHI asks libc through JNA). */
  static double[] loadAverage() {
    return parseLoadavg(read(LOADAVG));
  }

  /** {@code 0.52 0.58 0.59 1/345 12345}. */
  static double[] parseLoadavg(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length < 3) {
      return null;
    }
    try {
      return new double[] {
        Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * {@code major minor name reads merged sectorsRead msReading writes merged sectorsWritten …}; a
   * line with fewer fields is skipped.
   */
  static Map<String, Disk> parseDiskstats(String text) {
    Map<String, Disk> disks = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      try {
        disks.put(
            "/dev/" + f[2],
            new Disk(
                Long.parseLong(f[3]),
                Long.parseLong(f[5]) * SECTOR_BYTES,
                Long.parseLong(f[7]),
                Long.parseLong(f[9]) * SECTOR_BYTES));
      } catch (NumberFormatException e) {
        // not a device line
      }
    }
    return disks;
  }

  /**
   * Two header lines, then {@code name: rxBytes rxPackets rxErrs rxDrop rxFifo rxFrame rxCompressed
   * rxMulticast txBytes txPackets txErrs …}; errors are receive plus transmit, as the host probe
   * ships them.
   */
  static Map<String, Interface> parseNetDev(String text) {
    Map<String, Interface> interfaces = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length < 11) {
        continue;
      }
      try {
        interfaces.put(
            line.substring(0, colon).trim(),
            new Interface(
                Long.parseLong(f[0]),
                Long.parseLong(f[8]),
                Long.parseLong(f[1]),
                Long.parseLong(f[9]),
                Long.parseLong(f[2]) + Long.parseLong(f[10])));
      } catch (NumberFormatException e) {
        // a header line
      }
    }
    return interfaces;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
