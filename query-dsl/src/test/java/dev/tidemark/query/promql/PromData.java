package dev.tidemark.query.promql;

import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

/** Known data for the PromQL tests; {@link #T} is the evaluation time. */
final class PromData {
  /** 2023-11-14T22:20:00Z, minute-aligned start of the data. */
  static final long T0 = 1_700_000_400_000L;

  /** Evaluation time: 20 minutes after {@link #T0}, the time of the last samples. */
  static final long T = T0 + 20 * 60_000;

  private PromData() {}

  /**
   * {@code reqs_total}: counters every 15 s, /a +10 and /b +5 per sample; {@code cpu}: gauges every
   * 60 s, h1 = 10, h2 = 30 (release v1), h3 = 50 (v2); {@code lat}: a histogram every 60 s with
   * observations 1..100 (op x, release v1) and 101..200 (op y, release v2).
   */
  static InMemoryDataSource create() {
    InMemoryDataSource d = InMemoryDataSource.create().declare("reqs_total", MetricKind.COUNTER);
    for (int k = 0; k <= 80; k++) {
      Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
      d.add("reqs_total", Map.of("route", "/a"), t, 10.0 * k);
      d.add("reqs_total", Map.of("route", "/b"), t, 5.0 * k);
    }
    double[] low = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    double[] high = IntStream.rangeClosed(101, 200).asDoubleStream().toArray();
    for (int j = 0; j <= 20; j++) {
      Instant t = Instant.ofEpochMilli(T0 + j * 60_000L);
      d.add("cpu", Map.of("host", "h1", "release", "v1"), t, 10);
      d.add("cpu", Map.of("host", "h2", "release", "v1"), t, 30);
      d.add("cpu", Map.of("host", "h3", "release", "v2"), t, 50);
      d.recordHistogram("lat", Map.of("op", "x", "release", "v1"), t, low);
      d.recordHistogram("lat", Map.of("op", "y", "release", "v2"), t, high);
    }
    return d;
  }
}
