package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.lang.PromDurations;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Times and steps as the Prometheus API accepts them. */
final class PromParams {

  /**
   * A decimal with a bounded exponent. {@code new BigDecimal("1e100000000")} is cheap, but scaling
   * it to milliseconds computes 10^100000000 on the event loop; this grammar keeps every number
   * small enough to convert in constant time, and longer texts are refused before any parsing.
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d{1,30}(?:\\.\\d{0,30})?|\\.\\d{1,30})(?:[eE][+-]?\\d{1,3})?");

  private static final int MAX_LENGTH = 64;

  private PromParams() {}

  /** A bad request parameter; the message is the whole client-facing error. */
  static final class BadParam extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParam(String message) {
      super(message);
    }
  }

  /** Unix seconds (with fraction) or RFC 3339, to epoch ms; {@code fallback} when absent. */
  static long time(String name, String text, long fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String t = text.trim();
    try {
      if (t.length() <= MAX_LENGTH) {
        if (DECIMAL.matcher(t).matches()) {
          return new BigDecimal(t)
              .movePointRight(3)
              .setScale(0, java.math.RoundingMode.FLOOR)
              .longValueExact();
        }
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // refused below with the text
    }
    throw bad(name, "cannot parse \"" + shown(text) + "\" to a valid timestamp");
  }

  private static String shown(String text) {
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
  }

  /** A required time. */
  static long requiredTime(String name, String text) {
    if (text == null || text.isBlank()) {
      throw bad(name, "the parameter is missing");
    }
    return time(name, text, 0);
  }

  /** A step: seconds (float) or a duration such as {@code 15s}; in ms, positive. */
  static long step(String text) {
    if (text == null || text.isBlank()) {
      throw bad("step", "the parameter is missing");
    }
    String t = text.trim();
    long ms;
    try {
      if (t.length() > MAX_LENGTH) {
        throw new ArithmeticException("too long");
      }
      ms =
          DECIMAL.matcher(t).matches()
              ? new BigDecimal(t)
                  .movePointRight(3)
                  .setScale(0, java.math.RoundingMode.FLOOR)
                  .longValueExact()
              : PromDurations.parse(t, 0).toMillis();
    } catch (PromQlException | ArithmeticException e) {
      throw bad("step", "cannot parse \"" + shown(text) + "\" to a valid duration");
    }
    if (ms <= 0) {
      throw bad(
          "step",
          "zero or negative query resolution step widths are not accepted. Try a positive"
              + " integer");
    }
    return ms;
  }

  static BadParam bad(String name, String cause) {
    return new BadParam("cannot parse parameter \"" + name + "\": " + cause);
  }
}
