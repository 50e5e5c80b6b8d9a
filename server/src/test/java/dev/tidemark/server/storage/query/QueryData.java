package dev.tidemark.server.storage.query;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One data set written both to the database (as batches) and to the in-memory oracle: gauges with
 * gaps and equal timestamps across series, counters with resets, latency histograms; five days
 * around the end of daylight saving time in Berlin (2026-10-25 has 25 hours there).
 */
final class QueryData {
  static final Instant START = Instant.parse("2026-10-22T00:00:00Z");
  static final Instant END = Instant.parse("2026-10-28T00:00:00Z");

  final InMemoryDataSource memory = InMemoryDataSource.create();
  final List<Batch> batches = new ArrayList<>();

  QueryData() {
    Random r = new Random(42);
    memory.declare("cpu_load", MetricKind.GAUGE).declare("requests_total", MetricKind.COUNTER);
    List<Map<String, String>> gauges =
        List.of(
            Map.of("host", "h1", "dc", "a", "release", "v1"),
            Map.of("host", "h2", "dc", "a", "release", "v2"),
            Map.of("host", "h3", "dc", "b"),
            Map.of("dc", "b"));
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < gauges.size(); s++) {
      Map<String, String> labels = gauges.get(s);
      for (long t = START.toEpochMilli(); t < END.toEpochMilli(); t += 60_000) {
        long hour = (t / 3_600_000) % 24;
        if (s == 2 && hour >= 3 && hour < 5) {
          continue; // a gap: empty buckets are omitted
        }
        // h1 and h2 share timestamps (ties for last); the others jitter
        long ts = s < 2 ? t : t + r.nextInt(59_000);
        double v =
            Math.round((20 + 10 * s + 15 * Math.sin(ts / 7.2e6) + r.nextGaussian()) * 8) / 8.0;
        samples.add(new Sample("cpu_load", Labels.of(labels), ts, v));
        memory.add("cpu_load", labels, Instant.ofEpochMilli(ts), v);
      }
    }
    List<Map<String, String>> counters =
        List.of(
            Map.of("route", "/a", "code", "200"),
            Map.of("route", "/a", "code", "500"),
            Map.of("route", "/b", "code", "200"));
    for (int s = 0; s < counters.size(); s++) {
      Map<String, String> labels = counters.get(s);
      double v = 1000 * s;
      for (long t = START.toEpochMilli(); t < END.toEpochMilli(); t += 60_000) {
        long ts = t + r.nextInt(50_000);
        v = r.nextInt(500) == 0 ? r.nextInt(5) : v + r.nextInt(20 * (s + 1)); // rare restarts
        samples.add(new Sample("requests_total", Labels.of(labels), ts, v));
        memory.add("requests_total", labels, Instant.ofEpochMilli(ts), v);
      }
    }
    batches.add(new Batch(null, 0, samples, List.of()));
    List<HistogramSample> histograms = new ArrayList<>();
    for (String route : List.of("/a", "/b")) {
      Map<String, String> labels =
          Map.of("route", route, "release", route.equals("/a") ? "v1" : "v2");
      for (long t = START.toEpochMilli(); t < END.toEpochMilli(); t += 600_000) {
        long ts = t + r.nextInt(500_000);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 30; i++) {
          h.recordValue(
              Math.max(1, (long) Math.exp(6 + r.nextGaussian() * (route.equals("/a") ? 0.5 : 1))));
        }
        histograms.add(new HistogramSample("latency", Labels.of(labels), ts, "us", h));
        memory.addHistogram("latency", labels, Instant.ofEpochMilli(ts), buckets(h));
      }
    }
    batches.add(new Batch(null, 0, List.of(), histograms));
  }

  /** The server's mapping of an HdrHistogram into log buckets (RawRows.toBuckets). */
  static Map<Integer, Long> buckets(AbstractHistogram hdr) {
    TreeMap<Integer, Long> out = new TreeMap<>();
    for (HistogramIterationValue v : hdr.recordedValues()) {
      long value = hdr.medianEquivalentValue(v.getValueIteratedTo());
      out.merge(
          LogBuckets.standard().index(value), v.getCountAddedInThisIterationStep(), Long::sum);
    }
    return out;
  }
}
