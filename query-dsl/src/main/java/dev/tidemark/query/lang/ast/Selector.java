package dev.tidemark.query.lang.ast;

import dev.tidemark.query.source.LabelMatcher;
import java.util.List;
import java.util.stream.Collectors;

/** {@code metric{label="value", …}}: the series of one metric matching every matcher. */
public record Selector(String metric, List<LabelMatcher> matchers, int pos) implements Expr {

  public Selector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public String toString() {
    if (matchers.isEmpty()) {
      return metric;
    }
    return metric
        + matchers.stream().map(LabelMatcher::toString).collect(Collectors.joining(", ", "{", "}"));
  }
}
