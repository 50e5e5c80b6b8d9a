package dev.tidemark.query.promql.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code sort}, {@code sort_desc} (by the value at the first step; NaN last either way, as
 * Prometheus does) and {@code sort_by_label[_desc]}. Order only shows in instant queries; range
 * query results are sorted by labels.
 */
final class Sorting {

  private Sorting() {}

  static Value byValue(boolean desc, List<StepSeries> in) {
    List<StepSeries> out = new ArrayList<>(in);
    Comparator<StepSeries> order =
        (a, b) -> {
          double x = a.has(0) ? a.get(0) : Double.NaN;
          double y = b.has(0) ? b.get(0) : Double.NaN;
          if (Double.isNaN(x) || Double.isNaN(y)) {
            return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
          }
          return desc ? Double.compare(y, x) : Double.compare(x, y);
        };
    out.sort(order);
    return new Value.Vector(out, true);
  }

  static Value byLabels(boolean desc, List<StepSeries> in, List<String> labels) {
    List<StepSeries> out = new ArrayList<>(in);
    Comparator<StepSeries> order =
        (a, b) -> {
          for (String l : labels) {
            int c = a.labels().getOrDefault(l, "").compareTo(b.labels().getOrDefault(l, ""));
            if (c != 0) {
              return c;
            }
          }
          return LabelOrder.COMPARATOR.compare(a.labels(), b.labels());
        };
    out.sort(desc ? order.reversed() : order);
    return new Value.Vector(out, true);
  }
}
