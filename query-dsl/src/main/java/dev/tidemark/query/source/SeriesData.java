package dev.tidemark.query.source;

import java.util.List;
import java.util.Map;

/** One result series of a fetch: its group labels and points in ascending time. */
public record SeriesData(Map<String, String> labels, List<Point> points) {

  public SeriesData {
    labels = Map.copyOf(labels);
    points = points instanceof PointList ? points : List.copyOf(points); // PointList: unmodifiable
  }
}
