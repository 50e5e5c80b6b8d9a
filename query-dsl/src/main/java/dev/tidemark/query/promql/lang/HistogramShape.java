package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.ast.Expr;

/**
 * The shapes the {@code histogram_*} functions accept. Tidemark stores latencies as mergeable
 * log-bucket histograms, served like Prometheus native histograms (there are no {@code _bucket}
 * series with an {@code le} label), and each stored histogram sample holds the observations of its
 * interval. So {@code rate(h[w])} and {@code increase(h[w])} are the merge of the samples in the
 * window, and {@code sum by (…)} merges across series: the argument must be one of
 *
 * <pre>
 *   rate(h{…}[w])       increase(h{…}[w])
 *   sum [by (…)] (rate(h{…}[w]))       sum [by (…)] (increase(h{…}[w]))
 * </pre>
 *
 * <p>Any other argument, and any argument over a metric that is not a native histogram, is
 * evaluated as an ordinary instant vector: {@code histogram_quantile} then reads classic {@code
 * _bucket} series with an {@code le} label (from remote_write), as Prometheus does.
 */
public final class HistogramShape {

  private HistogramShape() {}

  /** Whether {@code arg} has one of the shapes above. */
  public static boolean matches(Expr arg) {
    Expr inner = arg;
    if (arg instanceof Expr.Aggregate a && a.op().equals("sum")) {
      inner = a.expr();
    }
    return inner instanceof Expr.Call c
        && (c.function().equals("rate") || c.function().equals("increase"))
        && c.args().get(0) instanceof Expr.RangeSelector;
  }

  /** The window function ({@code rate} or {@code increase}) of an argument that passed check. */
  public static Expr.Call windowCall(Expr arg) {
    return (Expr.Call) (arg instanceof Expr.Aggregate a ? a.expr() : arg);
  }

  /** The {@code sum} around the window function, or null. */
  public static Expr.Aggregate sum(Expr arg) {
    return arg instanceof Expr.Aggregate a ? a : null;
  }
}
