package dev.tidemark.server.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The server's own metrics in Prometheus text format. Counters are keyed by family and label text;
 * write latency goes into an HdrHistogram {@link Recorder} (no lock on the hot path), whose
 * interval histograms are folded into a cumulative one when {@code /metrics} is read.
 */
public final class ServerMetrics {
  private static final Map<String, String> HELP =
      Map.of(
          "tidemark_http_requests_total", "HTTP requests by route, method and status code.",
          "tidemark_ingest_samples_total", "Samples and histograms accepted, by protocol.",
          "tidemark_ingest_rejected_total",
              "Samples and histograms rejected, by protocol and reason.",
          "tidemark_ingest_batches_total", "Batches written by the storage writer, by outcome.",
          "tidemark_wal_dead_letters_total",
              "Write-ahead entries the database refused in part or whole, set aside.",
          "tidemark_wal_dead_letter_items_total",
              "Samples and histograms the database refused, set aside; their neighbours stored.",
          "tidemark_wal_corrupt_entries_total", "Write-ahead entries that could not be read.",
          "tidemark_ingest_dropped_total",
              "Samples dropped on purpose, by protocol and reason (e.g. Prometheus stale markers).");

  private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
  private final List<Consumer<StringBuilder>> collectors = new CopyOnWriteArrayList<>();
  private final Map<String, String> gaugeHelp = new ConcurrentHashMap<>();
  private final Recorder writeLatency = new Recorder(3);
  private final Histogram writeTotal = new Histogram(3);
  private Histogram recycled;

  /** Adds {@code n} to a counter; {@code labels} is Prometheus label text without braces. */
  public void inc(String family, String labels, long n) {
    counters
        .computeIfAbsent(family, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(labels, l -> new LongAdder())
        .add(n);
  }

  public long count(String family, String labels) {
    LongAdder a = counters.getOrDefault(family, Map.of()).get(labels);
    return a == null ? 0 : a.sum();
  }

  public void gauge(String name, String help, DoubleSupplier value) {
    gauges.put(name, value);
    gaugeHelp.put(name, help);
  }

  /** Families with labels of their own, appended to every rendering (which runs off the loop). */
  public void collector(Consumer<StringBuilder> collector) {
    collectors.add(collector);
  }

  public void recordWrite(long nanos) {
    writeLatency.recordValue(Math.max(1, nanos / 1000));
  }

  public synchronized String render() {
    StringBuilder sb = new StringBuilder(4096);
    new TreeMap<>(counters)
        .forEach(
            (family, series) -> {
              header(sb, family, HELP.getOrDefault(family, family), "counter");
              new TreeMap<>(series)
                  .forEach(
                      (labels, v) ->
                          sb.append(family)
                              .append(labels.isEmpty() ? "" : "{" + labels + "}")
                              .append(' ')
                              .append(v.sum())
                              .append('\n'));
            });
    new TreeMap<>(gauges)
        .forEach(
            (name, value) -> {
              header(sb, name, gaugeHelp.get(name), "gauge");
              sb.append(name).append(' ').append(value.getAsDouble()).append('\n');
            });
    collectors.forEach(c -> c.accept(sb));
    recycled = writeLatency.getIntervalHistogram(recycled);
    writeTotal.add(recycled);
    String name = "tidemark_storage_write_seconds";
    header(
        sb, name, "Time to write one chunk of the write-ahead queue to the database.", "summary");
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double seconds = writeTotal.getValueAtPercentile(q * 100) / 1e6;
      sb.append(name).append("{quantile=\"").append(q).append("\"} ").append(seconds).append('\n');
    }
    sb.append(name).append("_count ").append(writeTotal.getTotalCount()).append('\n');
    sb.append(name)
        .append("_sum ")
        .append(writeTotal.getMean() * writeTotal.getTotalCount() / 1e6)
        .append('\n');
    return sb.toString();
  }

  private static void header(StringBuilder sb, String name, String help, String type) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
