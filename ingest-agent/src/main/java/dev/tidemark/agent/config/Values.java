package dev.tidemark.agent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of durations ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}) and sizes.
 */
final class Values {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB|TiB)?");

  private Values() {}

  static Duration duration(String key, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw bad(key, text, "a duration like 250ms, 10s, 5m, 1h or 2d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static long size(String key, String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw bad(key, text, "a size like 1048576, 512KiB, 64MiB or 1GiB");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    int shift =
        switch (unit) {
          case "KiB" -> 10;
          case "MiB" -> 20;
          case "GiB" -> 30;
          case "TiB" -> 40;
          default -> 0;
        };
    return n << shift;
  }

  static int integer(String key, String text, int min, int max) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, text, "an integer from " + min + " to " + max);
  }

  static boolean bool(String key, String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, text, "true or false");
    };
  }

  static String oneOf(String key, String text, String... allowed) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(t)) {
        return a;
      }
    }
    throw bad(key, text, "one of " + String.join(", ", allowed));
  }

  static ConfigException bad(String key, String text, String allowed) {
    return new ConfigException(
        "cannot use configuration value: "
            + key
            + " must be "
            + allowed
            + " [key="
            + key
            + ", value="
            + text
            + "]");
  }
}
