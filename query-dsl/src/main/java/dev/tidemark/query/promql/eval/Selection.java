package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import java.util.function.Consumer;

/**
 * Instant vector selection: at each step, the newest sample at or before the reference time and no
 * older than the lookback delta, unless it is a staleness marker (NaN).
 */
final class Selection {

  private Selection() {}

  static Value.Vector instant(Evaluator ev, Expr.Selector s) {
    return select(ev, s, false);
  }

  /** {@code timestamp(selector)}: the time of the sample each step selected, in seconds. */
  static Value.Vector timestamps(Evaluator ev, Expr.Selector s) {
    return select(ev, s, true);
  }

  private static Value.Vector select(Evaluator ev, Expr.Selector s, boolean times) {
    long[] refs = ev.refs(s.offset(), s.at());
    long from = refs[0] - Evaluator.LOOKBACK_MS;
    long to = refs[refs.length - 1];
    SeriesSet out = new SeriesSet(refs.length);
    Consumer<Value.RawSeries> each =
        raw -> {
          long[] t = raw.times();
          double[] v = raw.values();
          StepSeries target = out.of(times ? StepSeries.dropName(raw.labels()) : raw.labels());
          int hi = 0;
          for (int i = 0; i < refs.length; i++) {
            while (hi < raw.size() && t[hi] <= refs[i]) {
              hi++;
            }
            if (hi > 0
                && t[hi - 1] >= refs[i] - Evaluator.LOOKBACK_MS
                && !Double.isNaN(v[hi - 1])) {
              SeriesSet.put(target, i, times ? t[hi - 1] / 1000.0 : v[hi - 1]);
            }
          }
        };
    if (refs[0] == to) { // every step reads at one time (an instant query, or @): the newest sample
      ev.fetcher.eachNewestWithStaleness(s, from, to, each);
    } else {
      ev.fetcher.eachWithStaleness(s, from, to, each);
    }
    return out.vector();
  }
}
