package dev.tidemark.protocol;

import java.time.Clock;
import java.time.Duration;

/**
 * What a valid sample looks like. Names follow Prometheus: metric {@code [a-zA-Z_:][a-zA-Z0-9_:]*},
 * label {@code [a-zA-Z_][a-zA-Z0-9_]*}. Values must be finite (NaN and ±Inf are refused: they
 * poison sums and averages in every tier), but for Prometheus' staleness marker, which the storage
 * keeps apart from values ({@link Sample#isStaleMarker()}). Timestamps must lie within {@code [now
 * - maxAge, now + maxFuture]}. A batch holds at most {@code maxBatchSize} samples and histograms
 * together.
 */
public record SampleRules(
    int maxLabels,
    int maxNameLength,
    int maxLabelValueLength,
    Duration maxAge,
    Duration maxFuture,
    int maxHistogramBytes,
    int maxBatchSize,
    Clock clock) {

  public static SampleRules defaults() {
    return new SampleRules(
        30,
        200,
        1024,
        Duration.ofDays(14),
        Duration.ofMinutes(10),
        1 << 20,
        100_000,
        Clock.systemUTC());
  }

  /**
   * Checks a sample decoded by any protocol; null when it is valid, else the rejection to report
   * ({@code section} and {@code index} say where it was in the request, e.g. "line", 12).
   */
  public Rejection check(String section, int index, Sample sample) {
    return check(
        section,
        index,
        seriesProblem(sample.metric(), sample.labels()),
        sample.timestamp(),
        sample.value());
  }

  /**
   * The first problem with a series' name and labels, or null: what {@link #check} reports for
   * every sample of the series. Decoders that see a series many times keep it per series.
   */
  public String seriesProblem(String metric, Labels labels) {
    return checkSeries(metric, labels);
  }

  /**
   * {@link #check} of one sample whose series' problem is known already ({@link #seriesProblem}).
   * Allocates nothing for a valid sample.
   */
  public Rejection check(
      String section, int index, String seriesProblem, long timestamp, double value) {
    String problem = seriesProblem;
    Reason reason = problem == null ? null : reasonOf(problem);
    if (problem == null) {
      reason = checkTimestamp(timestamp);
      if (reason != null) {
        problem = timestampProblem(timestamp);
      }
    }
    if (problem == null
        && !Double.isFinite(value)
        && Double.doubleToRawLongBits(value) != Sample.STALE_NAN_BITS) {
      reason = Reason.NON_FINITE_VALUE;
      problem = "value " + value + " is not finite";
    }
    return problem == null
        ? null
        : new Rejection(
            section, index, reason, "cannot ingest " + section + "[" + index + "]: " + problem);
  }

  private String timestampProblem(long millis) {
    return "timestamp "
        + millis
        + " is outside the accepted window [maxAge="
        + maxAge
        + ", maxFuture="
        + maxFuture
        + "]";
  }

  /** The first problem with a series name and labels, or null. */
  private String checkSeries(String metric, Labels labels) {
    if (metric == null || metric.isEmpty()) {
      return "metric name is empty";
    }
    if (metric.length() > maxNameLength) {
      return "metric name is too long [length=" + metric.length() + ", max=" + maxNameLength + "]";
    }
    if (!isName(metric, true)) {
      return "metric name " + quoted(metric) + " is not [a-zA-Z_:][a-zA-Z0-9_:]*";
    }
    if (labels.size() > maxLabels) {
      return "too many labels [count=" + labels.size() + ", max=" + maxLabels + "]";
    }
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.length() > maxNameLength) {
        return "label name is too long [length=" + name.length() + ", max=" + maxNameLength + "]";
      }
      if (!isName(name, false)) {
        return "label name " + quoted(name) + " is not [a-zA-Z_][a-zA-Z0-9_]*";
      }
      String value = labels.value(i);
      if (value.length() > maxLabelValueLength) {
        return "value of label "
            + name
            + " is too long [length="
            + value.length()
            + ", max="
            + maxLabelValueLength
            + "]";
      }
      String unstorable = unstorable(value);
      if (unstorable != null) {
        return "value of label " + name + " " + unstorable;
      }
    }
    return null;
  }

  /**
   * Why PostgreSQL could not store {@code text} (a NUL character, or UTF-16 that is no Unicode
   * text: a lone surrogate, from a JSON escape or an invalid UTF-8 sequence decoded leniently), or
   * null when it can. Refused here, in the request, so no acknowledged sample meets it later.
   */
  public static String unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "holds a NUL character at offset " + i;
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          return "is not valid Unicode (a lone surrogate at offset " + i + ")";
        }
        i++;
      }
    }
    return null;
  }

  /**
   * {@code [a-zA-Z_:][a-zA-Z0-9_:]*} for metrics, {@code [a-zA-Z_][a-zA-Z0-9_]*} for labels; a loop
   * rather than a regex because it runs for every name of every sample.
   */
  static boolean isName(String s, boolean colons) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (colons && c == ':')
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The reason of a problem {@link #seriesProblem} found. */
  public static Reason reasonOf(String problem) {
    if (problem.startsWith("metric name")) {
      return Reason.BAD_METRIC_NAME;
    } else if (problem.startsWith("too many labels")) {
      return Reason.TOO_MANY_LABELS;
    } else if (problem.startsWith("label name")) {
      return Reason.BAD_LABEL_NAME;
    }
    return Reason.BAD_LABEL_VALUE;
  }

  /** Null when the timestamp is inside the accepted window, else the reason. */
  private Reason checkTimestamp(long millis) {
    long now = clock.millis();
    if (millis < now - maxAge.toMillis()) {
      return Reason.TIMESTAMP_TOO_OLD;
    }
    if (millis > now + maxFuture.toMillis()) {
      return Reason.TIMESTAMP_IN_FUTURE;
    }
    return null;
  }

  private static String quoted(String s) {
    String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return Json.quote(new StringBuilder(), shown).toString();
  }
}
