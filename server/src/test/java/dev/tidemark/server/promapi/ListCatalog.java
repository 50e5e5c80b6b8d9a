package dev.tidemark.server.promapi;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A {@link SeriesCatalog} over a fixed list of label sets (with {@code __name__}). */
final class ListCatalog implements SeriesCatalog {
  private final List<Map<String, String>> series;

  ListCatalog(List<Map<String, String>> series) {
    this.series = series;
  }

  @Override
  public Future<List<String>> metricNames(Window window) {
    return labelValues("__name__", window);
  }

  @Override
  public Future<List<String>> labelNames(Window window) {
    TreeSet<String> out = new TreeSet<>();
    series.forEach(s -> out.addAll(s.keySet()));
    out.remove("__name__");
    return Future.succeededFuture(new ArrayList<>(out));
  }

  @Override
  public Future<List<String>> labelValues(String label, Window window) {
    TreeSet<String> out = new TreeSet<>();
    series.forEach(
        s -> {
          if (s.containsKey(label)) {
            out.add(s.get(label));
          }
        });
    return Future.succeededFuture(new ArrayList<>(out));
  }

  @Override
  public Future<List<Map<String, String>>> series(String metric, Window window) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> s : series) {
      if (metric == null || metric.equals(s.get("__name__"))) {
        out.add(s);
      }
    }
    return Future.succeededFuture(out);
  }
}
