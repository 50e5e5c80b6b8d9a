package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.lang.PromDurations;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times and steps as the Prometheus API accepts them. */
final class PromParams {

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
    try {
      return new BigDecimal(text.trim())
          .movePointRight(3)
          .setScale(0, java.math.RoundingMode.FLOOR)
          .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw bad(name, "cannot parse \"" + text + "\" to a valid timestamp");
      }
    }
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
    long ms;
    try {
      ms = new BigDecimal(text.trim()).movePointRight(3).longValue();
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        ms = PromDurations.parse(text.trim(), 0).toMillis();
      } catch (PromQlException | ArithmeticException e2) {
        throw bad("step", "cannot parse \"" + text + "\" to a valid duration");
      }
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
