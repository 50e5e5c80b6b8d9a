package dev.tidemark.server.promapi;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The series catalogue behind {@code /api/v1/labels}, {@code /api/v1/label/{name}/values} and
 * {@code /api/v1/series}: which metrics, label names and values exist among the series that had
 * samples in a {@link Window}. Call from a Vert.x context; answers come back on it.
 */
public interface SeriesCatalog {

  /**
   * The time range of a catalogue request (epoch ms, both ends included); {@link #ALL} when the
   * client gave neither {@code start} nor {@code end}.
   */
  record Window(long start, long end) {
    public static final Window ALL = new Window(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Every metric name, sorted. */
  Future<List<String>> metricNames(Window window);

  /** Every label name used by some series (without {@code __name__}), sorted. */
  Future<List<String>> labelNames(Window window);

  /** Every value of one label, sorted. */
  Future<List<String>> labelValues(String label, Window window);

  /** The label sets (with {@code __name__}) of a metric's series; all metrics when null. */
  Future<List<Map<String, String>>> series(String metric, Window window);
}
