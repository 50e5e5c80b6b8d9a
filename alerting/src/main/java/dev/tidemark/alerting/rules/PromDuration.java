package dev.tidemark.alerting.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations: {@code 1y2w3d4h5m6s7ms}, units in that order, each at most once; or 0. */
public final class PromDuration {
  private static final Pattern FORMAT =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] UNIT_MS = {
    365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1
  };

  private PromDuration() {}

  /** Parses; throws {@link IllegalArgumentException} naming the text when it is not one. */
  public static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: \"" + text + "\" (use e.g. 30s, 5m, 1h30m)");
    }
    long ms = 0;
    for (int i = 0; i < UNIT_MS.length; i++) {
      if (m.group(i + 1) != null) {
        ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(m.group(i + 1)), UNIT_MS[i]));
      }
    }
    return Duration.ofMillis(ms);
  }

  /** Formats as Prometheus does: {@code 1h30m}, {@code 5m}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < UNIT_MS.length; i++) {
      if (ms >= UNIT_MS[i]) {
        out.append(ms / UNIT_MS[i]).append(units[i]);
        ms %= UNIT_MS[i];
      }
    }
    return out.toString();
  }
}
