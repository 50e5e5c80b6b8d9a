package dev.tidemark.query.lang.ast;

import dev.tidemark.query.source.Aggregation;
import java.util.List;
import java.util.Optional;

/**
 * An aggregation over a selector, e.g. {@code avg(cpu) by (host)} or {@code quantile(0.99, lat)}.
 *
 * @param quantile q for {@link Aggregation#QUANTILE}, NaN otherwise
 * @param by the grouping labels; empty optional when there is no {@code by} clause
 */
public record Call(
    Aggregation fn, double quantile, Selector selector, Optional<List<String>> by, int pos)
    implements Expr {

  @Override
  public String toString() {
    String head =
        fn == Aggregation.QUANTILE
            ? "quantile(" + quantile + ", " + selector + ")"
            : fn.keyword() + "(" + selector + ")";
    return by.map(l -> head + " by (" + String.join(", ", l) + ")").orElse(head);
  }
}
