package dev.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers ran on, printed under every table. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: keep the default
    }
    long memGiB = -1;
    try {
      memGiB =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
                  .filter(l -> l.startsWith("MemTotal"))
                  .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                  .findFirst()
                  .orElse(0)
              / (1024 * 1024);
    } catch (IOException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + cpu
        + ", "
        + memGiB
        + " GiB, Java "
        + System.getProperty("java.version");
  }
}
