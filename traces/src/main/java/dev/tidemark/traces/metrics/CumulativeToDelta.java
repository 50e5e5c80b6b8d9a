package dev.tidemark.traces.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Turns a cumulative histogram stream into intervals: each point minus the stream's previous one,
 * the whole point when the stream is new or was reset (a count lower than before). Streams are kept
 * in memory, least recently used out past {@code maxStreams}; after a restart the first point of a
 * stream counts whole again, so one interval may repeat what was stored before the restart.
 */
final class CumulativeToDelta {
  private final Map<String, Histogram> last;

  CumulativeToDelta(int maxStreams) {
    this.last =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Histogram> eldest) {
            return size() > maxStreams;
          }
        };
  }

  synchronized Histogram interval(String stream, Histogram cumulative) {
    Histogram before = last.put(stream, cumulative);
    if (before == null || cumulative.getTotalCount() < before.getTotalCount()) {
      return cumulative.copy();
    }
    Histogram delta = cumulative.copy();
    try {
      delta.subtract(before);
    } catch (RuntimeException e) {
      return cumulative.copy(); // a bucket went down: the stream was reset
    }
    return delta;
  }
}
