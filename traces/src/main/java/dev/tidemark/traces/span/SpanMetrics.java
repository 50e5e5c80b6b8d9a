package dev.tidemark.traces.span;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency distributions derived from spans: per service, release and operation, one histogram of
 * span durations in microseconds ({@value #METRIC}) per request, stored like any histogram
 * (mergeable across time and tiers; {@code histogram_quantile} reads it; a release comparison
 * compares it per operation). Derived from every valid span before sampling, so head sampling does
 * not bias the distribution and the tail rules (which keep slow spans) cannot inflate it.
 */
public final class SpanMetrics {
  public static final String METRIC = "span_duration";

  private SpanMetrics() {}

  public static List<HistogramSample> derive(List<Span> spans) {
    Map<Labels, Histogram> byOperation = new LinkedHashMap<>();
    Map<Labels, Long> lastEnd = new LinkedHashMap<>();
    for (Span s : spans) {
      Labels labels =
          s.release() == null
              ? Labels.of("service", s.service(), "operation", s.operation())
              : Labels.of(
                  "service", s.service(), "release", s.release(), "operation", s.operation());
      byOperation
          .computeIfAbsent(labels, k -> new Histogram(3))
          .recordValue(Math.max(1, Math.round(s.durationNanos() / 1000.0)));
      lastEnd.merge(labels, s.startNanos() + s.durationNanos(), Math::max);
    }
    return byOperation.entrySet().stream()
        .map(
            e ->
                new HistogramSample(
                    METRIC,
                    e.getKey(),
                    Math.floorDiv(lastEnd.get(e.getKey()), 1_000_000L),
                    "us",
                    (org.HdrHistogram.AbstractHistogram) e.getValue()))
        .toList();
  }
}
