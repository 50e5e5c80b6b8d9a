package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code year month day_of_month day_of_week day_of_year days_in_month hour minute} in UTC: of the
 * evaluation time without an argument, else of each sample's value read as Unix seconds.
 */
final class Dates {

  private Dates() {}

  static Value apply(Evaluator ev, String f, List<Expr> args) {
    SeriesSet out = new SeriesSet(ev.steps());
    if (args.isEmpty()) {
      for (int i = 0; i < ev.steps(); i++) {
        out.add(Map.of(), i, of(f, Math.floorDiv(ev.timeline.times()[i], 1000)));
      }
      return out.vector();
    }
    for (StepSeries s : ev.vectorArg(args.get(0))) {
      Map<String, String> labels = StepSeries.dropName(s.labels());
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          double x = s.get(i);
          // Go converts NaN and out-of-range floats to int64 min; keep the answer defined
          long seconds = Double.isNaN(x) || Double.isInfinite(x) ? Long.MIN_VALUE : (long) x;
          out.add(labels, i, of(f, seconds));
        }
      }
    }
    return out.vector();
  }

  static double of(String f, long epochSeconds) {
    LocalDateTime t;
    try {
      t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return Double.NaN;
    }
    switch (f) {
      case "year":
        return t.getYear();
      case "month":
        return t.getMonthValue();
      case "day_of_month":
        return t.getDayOfMonth();
      case "day_of_week":
        return t.getDayOfWeek().getValue() % 7; // Sunday is 0
      case "day_of_year":
        return t.getDayOfYear();
      case "days_in_month":
        return t.toLocalDate().lengthOfMonth();
      case "hour":
        return t.getHour();
      default:
        return t.getMinute();
    }
  }
}
