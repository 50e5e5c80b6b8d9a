package dev.tidemark.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, … */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  /** The longest duration anyone means; longer ones overflow epoch milliseconds downstream. */
  private static final Duration MAX = Duration.ofDays(365L * 100_000);

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} saying what is allowed. */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("duration is empty");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "cannot parse duration \""
                + text
                + "\": expected <number><unit>… with unit ms, s, m, h, d, w or y");
      }
      try {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                  default -> Duration.ofDays(Math.multiplyExact(365, n));
                });
      } catch (NumberFormatException | ArithmeticException e) {
        total = MAX.plusMillis(1);
      }
      if (total.compareTo(MAX) > 0) {
        throw new IllegalArgumentException(
            "cannot parse duration \"" + text + "\": it is longer than the limit [max=100000y]");
      }
      at = m.end();
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back as the same duration. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }

  /** Sizes: {@code 512}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}. */
  public static long parseBytes(String text) {
    String s = text.trim();
    long factor = 1;
    for (String[] unit :
        new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
      if (s.endsWith(unit[0])) {
        factor = Long.parseLong(unit[1]);
        s = s.substring(0, s.length() - unit[0].length());
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.trim()), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "cannot parse size \"" + text + "\": expected <number>[KiB|MiB|GiB]", e);
    }
  }
}
