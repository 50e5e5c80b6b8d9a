package dev.tidemark.query.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two fetch answers, for testing a {@link DataSource} (the server's SQL) against the
 * in-memory oracle on the same data. Series are matched by labels, points by time; values agree
 * when {@code |a − b| ≤ tolerance · max(1, |a|, |b|)}.
 */
public final class SeriesDiff {

  private SeriesDiff() {}

  /** Human-readable differences, empty when the answers agree. */
  public static List<String> between(
      List<SeriesData> expected, List<SeriesData> actual, double tolerance) {
    List<String> out = new ArrayList<>();
    Map<Map<String, String>, SeriesData> byLabels = new HashMap<>();
    for (SeriesData a : actual) {
      if (byLabels.put(a.labels(), a) != null) {
        out.add("duplicate series " + new TreeMap<>(a.labels()));
      }
    }
    for (SeriesData e : expected) {
      SeriesData a = byLabels.remove(e.labels());
      String name = new TreeMap<>(e.labels()).toString();
      if (a == null) {
        out.add("missing series " + name);
        continue;
      }
      points(name, e.points(), a.points(), tolerance, out);
    }
    for (SeriesData extra : byLabels.values()) {
      out.add("unexpected series " + new TreeMap<>(extra.labels()));
    }
    return out;
  }

  private static void points(
      String name, List<Point> expected, List<Point> actual, double tol, List<String> out) {
    Map<Long, Double> got = new TreeMap<>();
    for (Point p : actual) {
      got.put(p.time(), p.value());
    }
    for (Point p : expected) {
      Double v = got.remove(p.time());
      if (v == null) {
        out.add(name + ": missing point at " + p.time());
      } else if (!close(p.value(), v, tol)) {
        out.add(name + ": at " + p.time() + " expected " + p.value() + " but was " + v);
      }
    }
    for (Long t : got.keySet()) {
      out.add(name + ": unexpected point at " + t);
    }
  }

  static boolean close(double a, double b, double tol) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Math.abs(a - b) <= tol * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
