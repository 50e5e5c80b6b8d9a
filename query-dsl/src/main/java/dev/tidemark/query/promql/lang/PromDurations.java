package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import java.time.Duration;

/** Prometheus durations: {@code 1y2w3d4h5m6s7ms} (units in that order; {@code y} = 365d). */
public final class PromDurations {

  /** 300 years: keeps every time computation far from overflowing epoch milliseconds. */
  static final long MAX_MILLIS = 300L * 365 * 86_400_000;

  private PromDurations() {}

  /** Parses a duration; throws a parse {@link PromQlException} at {@code position}. */
  public static Duration parse(String text, int position) {
    String units = "y w d h m s ms";
    String[] order = units.split(" ");
    int last = -1;
    int i = 0;
    long millis = 0;
    if (text.isEmpty()) {
      throw bad(text, position);
    }
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (start == i || i == text.length() || i - start > 12) {
        throw bad(text, position);
      }
      long n = Long.parseLong(text.substring(start, i));
      String unit = text.startsWith("ms", i) ? "ms" : text.substring(i, i + 1);
      i += unit.length();
      int idx = indexOf(order, unit);
      if (idx <= last) {
        throw bad(text, position);
      }
      last = idx;
      long unitMs = unitMillis(unit);
      if (n > (MAX_MILLIS - millis) / unitMs) { // checked before multiplying: no overflow
        throw PromQlException.parse("duration \"" + text + "\" is longer than 300y", position);
      }
      millis += n * unitMs;
    }
    return Duration.ofMillis(millis);
  }

  private static int indexOf(String[] order, String unit) {
    for (int k = 0; k < order.length; k++) {
      if (order[k].equals(unit)) {
        return k;
      }
    }
    return -1;
  }

  private static long unitMillis(String unit) {
    switch (unit) {
      case "y":
        return 365L * 86_400_000;
      case "w":
        return 7L * 86_400_000;
      case "d":
        return 86_400_000;
      case "h":
        return 3_600_000;
      case "m":
        return 60_000;
      case "s":
        return 1000;
      default:
        return 1;
    }
  }

  private static PromQlException bad(String text, int position) {
    return PromQlException.parse("bad duration \"" + text + "\"", position);
  }
}
