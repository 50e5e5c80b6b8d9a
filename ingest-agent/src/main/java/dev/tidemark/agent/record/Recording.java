package dev.tidemark.agent.record;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Labels;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The recording library: latency recorders, counters and gauges by metric and labels, each carrying
 * the agent's labels (host, service, release, env, extras). At most {@code maxSeries} exist at once
 * so a label with unbounded values cannot exhaust memory.
 *
 * <pre>{@code
 * Recording rec = agent.recording();
 * LatencyRecorder checkout = rec.latency("checkout_latency", "us", Map.of("op", "checkout"));
 * checkout.record(elapsedMicros);
 * rec.counter("checkout_total", Map.of()).increment();
 * }</pre>
 */
public final class Recording {
  static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, String> base;
  private final int maxSeries;
  private final Map<Labels, LatencyRecorder> latencies = new ConcurrentHashMap<>();
  private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Labels, Gauge> gauges = new ConcurrentHashMap<>();

  public Recording(Map<String, String> baseLabels, int maxSeries) {
    this.base = Map.copyOf(baseLabels);
    this.maxSeries = maxSeries;
  }

  public LatencyRecorder latency(String metric, String unit, Map<String, String> labels) {
    return get(latencies, metric, labels, l -> new LatencyRecorder(metric, l, unit));
  }

  public Counter counter(String metric, Map<String, String> labels) {
    return get(counters, metric, labels, l -> new Counter(metric, l));
  }

  public Gauge gauge(String metric, Map<String, String> labels) {
    return get(gauges, metric, labels, l -> new Gauge(metric, l));
  }

  private <T> T get(
      Map<Labels, T> map, String metric, Map<String, String> labels, Function<Labels, T> create) {
    if (!METRIC.matcher(metric).matches()) {
      throw new IllegalArgumentException(
          "cannot record " + metric + ": metric name is not [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    Map<String, String> all = new TreeMap<>(base);
    labels.forEach(
        (name, value) -> {
          if (!LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "cannot record "
                    + metric
                    + ": label name "
                    + name
                    + " is not [a-zA-Z_][a-zA-Z0-9_]*");
          }
          all.put(name, value);
        });
    all.put("__name__", metric);
    Labels key = Labels.of(all);
    T existing = map.get(key);
    if (existing != null) {
      return existing;
    }
    if (size() >= maxSeries) {
      throw new IllegalArgumentException(
          "cannot record " + metric + ": too many series [max=" + maxSeries + "]");
    }
    all.remove("__name__");
    Labels series = Labels.of(all);
    return map.computeIfAbsent(key, k -> create.apply(series));
  }

  public int size() {
    return latencies.size() + counters.size() + gauges.size();
  }

  /** Appends every interval histogram, counter total and gauge value. One flusher thread only. */
  public void flushTo(Spool spool, long now) {
    latencies.values().forEach(r -> r.flushTo(spool, now));
    counters.values().forEach(c -> c.flushTo(spool, now));
    gauges.values().forEach(g -> g.flushTo(spool, now));
  }
}
