package dev.tidemark.alerting.rules;

import java.math.BigDecimal;

/**
 * Formats a double as Go's {@code %v} does ({@code strconv} shortest digits, exponent below 1e-4 or
 * from 1e6), so {@code {{ $value }}} reads as it does in Prometheus' notifications.
 */
public final class GoFloat {
  private GoFloat() {}

  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1; // decimal exponent of the leading digit
    if (exp < -4 || exp >= 6) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exp < 0 ? "-" : "+")
          + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    return d.toPlainString();
  }
}
