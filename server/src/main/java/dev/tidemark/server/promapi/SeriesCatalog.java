package dev.tidemark.server.promapi;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The series catalogue behind {@code /api/v1/labels}, {@code /api/v1/label/{name}/values} and
 * {@code /api/v1/series}: which metrics, label names and values exist. It does not know when a
 * series last had samples, so {@code start}/{@code end} do not narrow its answers. Call from a
 * Vert.x context; answers come back on it.
 */
public interface SeriesCatalog {

  /** Every metric name, sorted. */
  Future<List<String>> metricNames();

  /** Every label name used by some series (without {@code __name__}), sorted. */
  Future<List<String>> labelNames();

  /** Every value of one label, sorted. */
  Future<List<String>> labelValues(String label);

  /** The label sets (with {@code __name__}) of a metric's series; all metrics when null. */
  Future<List<Map<String, String>>> series(String metric);
}
