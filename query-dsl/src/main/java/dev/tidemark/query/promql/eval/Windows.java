package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A range vector over every step: the samples of each series covering all windows, and each step's
 * window {@code [refs[i] - range, refs[i]]}. From a range selector (raw samples, staleness markers
 * excluded, read series by series as {@link #forEach} goes) or a subquery (its expression evaluated
 * on the absolute grid of its step).
 */
final class Windows {
  /**
   * Most evaluation steps of one subquery over the whole query (30 days at a 10 s step): each inner
   * series holds a value per step, so this bounds the memory a subquery can ask for.
   */
  static final long MAX_SUBQUERY_STEPS = 260_000;

  private final RawFetcher fetcher;
  private final Expr.Selector selector;
  private final List<Value.RawSeries> series;
  private final long[] refs;
  private final long range;

  private Windows(
      RawFetcher fetcher,
      Expr.Selector selector,
      List<Value.RawSeries> series,
      long[] refs,
      long range) {
    this.fetcher = fetcher;
    this.selector = selector;
    this.series = series;
    this.refs = refs;
    this.range = range;
  }

  private Windows(List<Value.RawSeries> series, long[] refs, long range) {
    this(null, null, series, refs, range);
  }

  static Windows of(Evaluator ev, Expr e) {
    if (e instanceof Expr.RangeSelector r) {
      Expr.Selector s = r.selector();
      return new Windows(ev.fetcher, s, null, ev.refs(s.offset(), s.at()), r.range().toMillis());
    }
    return subquery(ev, (Expr.Subquery) e);
  }

  /** Each step's reference time: its window is {@code [refs[i] - range, refs[i]]}. */
  long[] refs() {
    return refs;
  }

  long range() {
    return range;
  }

  /**
   * Hands each series to {@code each}, a selector's as it is read: {@code each} must not keep a
   * series' arrays.
   */
  void forEach(Consumer<Value.RawSeries> each) {
    if (selector == null) {
      series.forEach(each);
    } else {
      fetcher.each(selector, from(), refs[refs.length - 1], each);
    }
  }

  /** Every series at once, held until the query ends. */
  List<Value.RawSeries> series() {
    return selector == null ? series : fetcher.fetch(selector, from(), refs[refs.length - 1]);
  }

  private long from() {
    return refs[0] - range;
  }

  private static Windows subquery(Evaluator ev, Expr.Subquery q) {
    long range = q.range().toMillis();
    long step = q.step() == null ? Evaluator.DEFAULT_SUBQUERY_STEP_MS : q.step().toMillis();
    long[] refs = ev.refs(q.offset() == null ? Duration.ZERO : q.offset(), q.at());
    long first = refs[0] - range;
    long start = step * (first / step);
    if (start < first) {
      start += step;
    }
    long end = refs[refs.length - 1];
    if (start > end) {
      return new Windows(List.of(), refs, range);
    }
    long steps = (end - start) / step + 1;
    if (steps > MAX_SUBQUERY_STEPS) {
      throw PromQlException.execution(
          "subquery has too many steps, give it a coarser step [steps="
              + steps
              + ", max="
              + MAX_SUBQUERY_STEPS
              + "]");
    }
    Timeline inner = Timeline.range(start, end, step);
    Value v = ev.child(inner).eval(q.expr());
    List<Value.RawSeries> out = new ArrayList<>();
    for (StepSeries s : ((Value.Vector) v).series()) {
      int n = 0;
      for (int i = 0; i < s.steps(); i++) {
        n += s.has(i) ? 1 : 0;
      }
      long[] t = new long[n];
      double[] x = new double[n];
      int k = 0;
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          t[k] = inner.times()[i];
          x[k++] = s.get(i);
        }
      }
      out.add(new Value.RawSeries(s.labels(), t, x));
    }
    return new Windows(out, refs, range);
  }

  /** The first index below {@code n} with {@code t[i] >= bound}, or {@code n}. */
  static int lowerBound(long[] t, int n, long bound) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index below {@code n} with {@code t[i] > bound}, or {@code n}. */
  static int upperBound(long[] t, int n, long bound) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] <= bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
