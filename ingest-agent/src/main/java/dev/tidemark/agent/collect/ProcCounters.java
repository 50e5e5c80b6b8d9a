package dev.tidemark.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host probe reads on Linux, straight from {@code /proc}: per-core CPU ticks, memory and
 * swap, load averages, disk and network counters, each one read of one file kept open. These are
 * the values OSHI reads too, from the same files (for disks and interfaces, the same kernel
 * counters through udev and sysfs), parsed the way OSHI parses them. Through OSHI, CPU, memory,
 * swap and load alone cost ~1.1 ms a probe (C1 code on a 2-core VM: it reopens each file, splits
 * every line with a regex, reads {@code /proc/meminfo} twice, asks libc for the load through JNA),
 * and its disk {@code updateAttributes()} scans every block device per disk; here those four cost
 * ~0.17 ms. Elsewhere the probe asks OSHI.
 */
final class ProcCounters implements AutoCloseable {
  static final Path STAT = Path.of("/proc/stat");
  static final Path MEMINFO = Path.of("/proc/meminfo");
  static final Path LOADAVG = Path.of("/proc/loadavg");
  static final Path DISKSTATS = Path.of("/proc/diskstats");
  static final Path NET_DEV = Path.of("/proc/net/dev");
  private static final long SECTOR_BYTES = 512; // the kernel's sector unit, whatever the disk's
  private static final int TICKS = 8; // user nice system idle iowait irq softirq steal, as OSHI

  /** Memory and swap, in bytes. */
  record Memory(long total, long available, long swapTotal, long swapFree) {}

  /** What the host probe ships for a disk. */
  record Disk(long reads, long readBytes, long writes, long writtenBytes) {}

  /** What the host probe ships for a network interface. */
  record Interface(
      long receivedBytes, long sentBytes, long receivedPackets, long sentPackets, long errors) {}

  private final List<ProcFile> files = new ArrayList<>();
  private final ProcFile stat;
  private final ProcFile meminfo;
  private final ProcFile loadavg;
  private final ProcFile diskstats;
  private final ProcFile netDev;

  private ProcCounters() throws IOException {
    try {
      stat = add(STAT);
      meminfo = add(MEMINFO);
      loadavg = add(LOADAVG);
      diskstats = add(DISKSTATS);
      netDev = add(NET_DEV);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** The files opened, or null where there are none to open (not Linux, no /proc). */
  static ProcCounters open() {
    for (Path p : List.of(STAT, MEMINFO, LOADAVG, DISKSTATS, NET_DEV)) {
      if (!Files.isReadable(p)) {
        return null;
      }
    }
    try {
      return new ProcCounters();
    } catch (IOException e) {
      return null;
    }
  }

  private ProcFile add(Path p) throws IOException {
    ProcFile f = new ProcFile(p);
    files.add(f);
    return f;
  }

  /** Ticks per core, in core order; null when unreadable. */
  long[][] cpuTicks() {
    return parseCpuTicks(read(stat));
  }

  /** Null when unreadable or without {@code MemAvailable} (kernels before 3.14). */
  Memory memory() {
    return parseMeminfo(read(meminfo));
  }

  /** The 1, 5 and 15 minute load averages; null when unreadable. */
  double[] loadAverage() {
    return parseLoadavg(read(loadavg));
  }

  /** Disks by device node ({@code /dev/sda}, as OSHI names them). */
  Map<String, Disk> disks() {
    return parseDiskstats(read(diskstats));
  }

  /** Interfaces by name ({@code eth0}). */
  Map<String, Interface> interfaces() {
    return parseNetDev(read(netDev));
  }

  private static String read(ProcFile f) {
    try {
      return f.read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc: " + e, e);
    }
  }

  /** {@code cpuN user nice system idle iowait irq softirq steal [guest guest_nice]}. */
  static long[][] parseCpuTicks(String text) {
    List<long[]> cores = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
        continue;
      }
      String[] f = fields(line);
      long[] ticks = new long[TICKS];
      for (int t = 0; t < TICKS && t + 1 < f.length; t++) {
        ticks[t] = parseLong(f[t + 1]);
      }
      cores.add(ticks);
    }
    return cores.isEmpty() ? null : cores.toArray(new long[0][]);
  }

  /** {@code Name: value kB} lines; swap used is total minus free, as OSHI has it. */
  static Memory parseMeminfo(String text) {
    long total = -1;
    long available = -1;
    long swapTotal = -1;
    long swapFree = -1;
    for (String line : text.split("\n")) {
      if (!line.startsWith("Mem") && !line.startsWith("Swap")) {
        continue; // ~50 lines, 4 wanted
      }
      String[] f = fields(line);
      if (f.length < 2) {
        continue;
      }
      long bytes = parseLong(f[1]) * (f.length > 2 && f[2].equals("kB") ? 1024 : 1);
      switch (f[0]) {
        case "MemTotal:" -> total = bytes;
        case "MemAvailable:" -> available = bytes;
        case "SwapTotal:" -> swapTotal = bytes;
        case "SwapFree:" -> swapFree = bytes;
        default -> {}
      }
    }
    if (total < 0 || available < 0 || swapTotal < 0 || swapFree < 0) {
      return null;
    }
    return new Memory(total, available, swapTotal, swapFree);
  }

  /** {@code 0.52 0.58 0.59 1/345 12345}. */
  static double[] parseLoadavg(String text) {
    String[] f = fields(text.trim());
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
      String[] f = fields(line);
      if (f.length < 10 || parseLong(f[3]) < 0) {
        continue;
      }
      disks.put(
          "/dev/" + f[2],
          new Disk(
              parseLong(f[3]),
              parseLong(f[5]) * SECTOR_BYTES,
              parseLong(f[7]),
              parseLong(f[9]) * SECTOR_BYTES));
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
      String[] f = fields(line.substring(colon + 1));
      if (f.length < 11 || parseLong(f[0]) < 0) {
        continue;
      }
      interfaces.put(
          line.substring(0, colon).trim(),
          new Interface(
              parseLong(f[0]),
              parseLong(f[8]),
              parseLong(f[1]),
              parseLong(f[9]),
              parseLong(f[2]) + parseLong(f[10])));
    }
    return interfaces;
  }

  /** Whitespace-separated fields, without a regex (String.split compiles one per call). */
  static String[] fields(String line) {
    List<String> f = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        f.add(line.substring(start, i));
      }
    }
    return f.toArray(new String[0]);
  }

  /** A counter, or -1 for text that is not one (a header line). */
  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    for (ProcFile f : files) {
      try {
        f.close();
      } catch (IOException e) {
        // nothing was written
      }
    }
  }
}
