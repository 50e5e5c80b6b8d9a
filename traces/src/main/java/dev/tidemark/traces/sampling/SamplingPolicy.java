package dev.tidemark.traces.sampling;

import dev.tidemark.protocol.Span;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which spans are kept. Head sampling: each service has a probability (the {@code *} entry for the
 * rest), decided from the trace id's random low 56 bits (W3C Trace Context level 2), so every span
 * of a trace gets the same answer on every server. Tail rules then keep a span the head decision
 * dropped when it is an error or at least as slow as the threshold: those are the spans a release
 * engineer looks for. The rules judge spans one by one; a kept error span of a dropped trace is
 * stored without its siblings.
 */
public final class SamplingPolicy {
  /** Why a span is kept or dropped; the lowercase name labels the server's counters. */
  public enum Decision {
    KEPT,
    KEPT_ERROR,
    KEPT_SLOW,
    SAMPLED_OUT;

    public boolean kept() {
      return this != SAMPLED_OUT;
    }
  }

  private static final double TWO_POW_56 = 0x1p56;

  private final Map<String, Double> rates;
  private final double defaultRate;
  private final long slowNanos;

  private SamplingPolicy(Map<String, Double> rates, double defaultRate, Duration slow) {
    this.rates = rates;
    this.defaultRate = defaultRate;
    this.slowNanos = slow.toNanos();
  }

  public static SamplingPolicy keepAll() {
    return new SamplingPolicy(Map.of(), 1.0, Duration.ZERO);
  }

  /**
   * {@code spec} is {@code service=probability,…} with {@code *} for every other service (default
   * 1); {@code slow} the duration from which a span is always kept. Throws {@link
   * IllegalArgumentException} naming the bad entry.
   */
  public static SamplingPolicy parse(String spec, Duration slow) {
    Map<String, Double> rates = new LinkedHashMap<>();
    double fallback = 1.0;
    for (String entry : spec.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "cannot parse sampling entry \"" + e + "\": expected service=probability");
      }
      double p;
      try {
        p = Double.parseDouble(e.substring(eq + 1).trim());
      } catch (NumberFormatException x) {
        p = Double.NaN;
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "cannot parse sampling entry \"" + e + "\": probability must be in [0, 1]");
      }
      String service = e.substring(0, eq).trim();
      if (service.equals("*")) {
        fallback = p;
      } else {
        rates.put(service, p);
      }
    }
    return new SamplingPolicy(Map.copyOf(rates), fallback, slow);
  }

  public Decision decide(Span span) {
    if (headKeeps(span.traceId(), rate(span.service()))) {
      return Decision.KEPT;
    }
    if (span.isError()) {
      return Decision.KEPT_ERROR;
    }
    if (slowNanos > 0 && span.durationNanos() >= slowNanos) {
      return Decision.KEPT_SLOW;
    }
    return Decision.SAMPLED_OUT;
  }

  public double rate(String service) {
    return rates.getOrDefault(service, defaultRate);
  }

  static boolean headKeeps(String traceIdHex, double rate) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    long random = Long.parseUnsignedLong(traceIdHex.substring(traceIdHex.length() - 14), 16);
    return random < rate * TWO_POW_56;
  }
}
