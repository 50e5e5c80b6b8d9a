package dev.tidemark.query.time;

import java.time.Duration;
import java.util.Optional;

/**
 * Durations as the language writes them: one or more {@code <integer><unit>} parts with units
 * {@code ms, s, m, h, d, w}, e.g. {@code 5m}, {@code 1h30m}, {@code 7d}. Days and weeks are fixed
 * 24h and 168h here; calendar alignment is {@link Step}'s business.
 */
public final class DurationText {

  private DurationText() {}

  /** Parses a duration, or returns empty if the text is not one. */
  public static Optional<Duration> parse(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    int i = 0;
    try {
      while (i < text.length()) {
        int digitsStart = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        if (i == digitsStart) {
          return Optional.empty();
        }
        long amount = Long.parseLong(text.substring(digitsStart, i));
        int unitStart = i;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
          i++;
        }
        Optional<Duration> part = part(amount, text.substring(unitStart, i));
        if (part.isEmpty()) {
          return Optional.empty();
        }
        total = total.plus(part.get());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  private static Optional<Duration> part(long amount, String unit) {
    switch (unit) {
      case "ms":
        return Optional.of(Duration.ofMillis(amount));
      case "s":
        return Optional.of(Duration.ofSeconds(amount));
      case "m":
        return Optional.of(Duration.ofMinutes(amount));
      case "h":
        return Optional.of(Duration.ofHours(amount));
      case "d":
        return Optional.of(Duration.ofDays(amount));
      case "w":
        return Optional.of(Duration.ofDays(Math.multiplyExact(amount, 7)));
      default:
        return Optional.empty();
    }
  }

  /** Renders a duration in the language's shortest form, e.g. {@code 90m} as {@code 1h30m}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long ms = d.toMillis();
    long[] sizes = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] units = {"w", "d", "h", "m", "s", "ms"};
    for (int k = 0; k < sizes.length; k++) {
      if (ms >= sizes[k]) {
        out.append(ms / sizes[k]).append(units[k]);
        ms %= sizes[k];
      }
    }
    return out.toString();
  }
}
