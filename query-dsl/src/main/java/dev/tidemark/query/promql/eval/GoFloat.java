package dev.tidemark.query.promql.eval;

import java.math.BigDecimal;

/** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, which names {@code count_values} labels. */
final class GoFloat {

  private GoFloat() {}

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
