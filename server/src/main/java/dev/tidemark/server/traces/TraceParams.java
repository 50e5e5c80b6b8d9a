package dev.tidemark.server.traces;

import dev.tidemark.traces.search.SpanQuery;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Query parameters of the trace endpoints: ids, times, durations, limits. */
final class TraceParams {
  static final int MAX_LIMIT = 1000;

  private TraceParams() {}

  /** A trace id as 32 lowercase hex digits (shorter ids are left-padded, as Tempo does). */
  static String traceId(String raw) {
    String id = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (id.isEmpty() || id.length() > 32 || !id.chars().allMatch(TraceParams::isHex)) {
      throw new IllegalArgumentException(
          "cannot read trace id \"" + shorten(raw) + "\": expected 1 to 32 hex digits");
    }
    return "0".repeat(32 - id.length()) + id;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Epoch seconds (Tempo's start/end), epoch milliseconds (13+ digits) or ISO-8601. */
  static Instant time(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      long n = Long.parseLong(v.trim());
      return v.trim().length() >= 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(v.trim());
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "cannot read " + name + " \"" + shorten(v) + "\": expected epoch seconds or ISO-8601");
      }
    }
  }

  /** A duration such as {@code 100ms}, {@code 1.5s}; null when absent. */
  static Long durationNanos(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    SpanQuery.Builder probe = SpanQuery.builder();
    try {
      dev.tidemark.traces.search.TraceQl.parse("{ duration >= " + v.trim() + " }", probe);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read " + name + " \"" + shorten(v) + "\": expected a duration such as 100ms");
    }
    return probe.build().minDurationNanos();
  }

  static int limit(RoutingContext ctx, int fallback) {
    String v = ctx.request().getParam("limit");
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Math.min(n, MAX_LIMIT);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot read limit \"" + shorten(v) + "\": expected a positive integer");
    }
  }

  static String shorten(String s) {
    return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
