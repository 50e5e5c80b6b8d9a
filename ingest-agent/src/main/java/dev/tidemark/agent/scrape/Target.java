package dev.tidemark.agent.scrape;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scraped endpoint and the series it showed last time. A series that was there and is not now
 * (or every series, when the scrape fails) ends with a staleness marker at the scrape's time, as
 * Prometheus does, so queries stop drawing it at once instead of after the lookback. Its label sets
 * are built once per series and kept while the series lasts. A scrape's samples, its markers and
 * its report are spooled as one entry by the caller, so a crash keeps all of a scrape or none.
 */
final class Target {
  /** A series as spooled: its metric and full labels. */
  record Series(String metric, Labels labels) {}

  private final String url;
  private final Map<String, String> base; // the agent's labels plus instance and job
  private final Labels up;
  private Map<String, Series> last = new HashMap<>();

  Target(String url, Map<String, String> agentLabels, String instance, String job) {
    this.url = url;
    Map<String, String> b = new TreeMap<>(agentLabels);
    b.put("instance", instance);
    b.put("job", job);
    this.base = Map.copyOf(b);
    this.up = Labels.of(base);
  }

  String url() {
    return url;
  }

  int series() {
    return last.size();
  }

  /**
   * Adds one scrape's lines at {@code now} to {@code out} (a line's own timestamp wins), then the
   * markers of the series that ended; the count of lines added.
   */
  int scraped(List<ExpositionParser.Line> lines, long now, List<Sample> out, int[] skipped) {
    Map<String, Series> current = new HashMap<>(Math.max(16, last.size() * 2));
    int n = 0;
    for (ExpositionParser.Line l : lines) {
      if (!Double.isFinite(l.value())) {
        skipped[0]++; // the server refuses NaN and ±Inf: they would poison every rollup
        continue;
      }
      Series s = last.get(l.series());
      if (s == null) {
        s = current.get(l.series());
      }
      if (s == null) {
        s = new Series(l.name(), labels(l.labels()));
      }
      current.put(l.series(), s);
      out.add(
          new Sample(s.metric(), s.labels(), l.timestamp() >= 0 ? l.timestamp() : now, l.value()));
      n++;
    }
    ended(current, now, out);
    last = current;
    return n;
  }

  /** The scrape failed: every series of the last one ends now. */
  void failed(long now, List<Sample> out) {
    ended(Map.of(), now, out);
    last = new HashMap<>();
  }

  private void ended(Map<String, Series> current, long now, List<Sample> out) {
    for (Map.Entry<String, Series> e : last.entrySet()) {
      if (!current.containsKey(e.getKey())) {
        Series s = e.getValue();
        out.add(Sample.staleMarker(s.metric(), s.labels(), now));
      }
    }
  }

  /** {@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, as Prometheus. */
  void report(List<Sample> out, long now, boolean ok, double seconds, int samples) {
    out.add(new Sample("up", up, now, ok ? 1 : 0));
    out.add(new Sample("scrape_duration_seconds", up, now, seconds));
    out.add(new Sample("scrape_samples_scraped", up, now, samples));
  }

  /**
   * The agent's labels, instance and job, then the series' own; a series label that collides with
   * one of those is kept as {@code exported_<name>}, as Prometheus does without honor_labels.
   */
  private Labels labels(List<String> own) {
    Map<String, String> m = new TreeMap<>(base);
    for (int i = 0; i + 1 < own.size(); i += 2) {
      String name = own.get(i);
      m.put(base.containsKey(name) ? "exported_" + name : name, own.get(i + 1));
    }
    return Labels.of(m);
  }
}
