package dev.tidemark.alerting.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which series a rule wrote last time, so a series it stops writing gets a staleness
 * marker (as Prometheus writes one) and queries stop seeing it at once instead of 5 minutes later.
 */
final class SeriesTracker {
  private Map<Map<String, String>, String> previous = new HashMap<>();

  /** Appends stale markers for the series of the last call that {@code now} lacks. */
  void track(List<OutputSample> now, long ts, List<OutputSample> out) {
    Map<Map<String, String>, String> current = new HashMap<>();
    for (OutputSample s : now) {
      current.put(s.labels(), s.metric());
    }
    for (Map.Entry<Map<String, String>, String> e : previous.entrySet()) {
      if (!current.containsKey(e.getKey())) {
        out.add(new OutputSample(e.getValue(), e.getKey(), ts, Double.NaN, true));
      }
    }
    previous = current;
  }
}
