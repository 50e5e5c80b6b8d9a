package dev.tidemark.query.promql.eval;

/** The element-wise math functions of PromQL, with Go's semantics where Java's differ. */
final class MathFunctions {

  private MathFunctions() {}

  static double apply(String f, double x) {
    switch (f) {
      case "abs":
        return Math.abs(x);
      case "ceil":
        return Math.ceil(x);
      case "floor":
        return Math.floor(x);
      case "exp":
        return Math.exp(x);
      case "sqrt":
        return Math.sqrt(x);
      case "ln":
        return Math.log(x);
      case "log2":
        return log2(x);
      case "log10":
        return Math.log10(x);
      case "sgn":
        return x < 0 ? -1 : x > 0 ? 1 : x;
      case "sin":
        return Math.sin(x);
      case "cos":
        return Math.cos(x);
      case "tan":
        return Math.tan(x);
      case "asin":
        return Math.asin(x);
      case "acos":
        return Math.acos(x);
      case "atan":
        return Math.atan(x);
      case "sinh":
        return Math.sinh(x);
      case "cosh":
        return Math.cosh(x);
      case "tanh":
        return Math.tanh(x);
      case "asinh":
        return Double.isInfinite(x) ? x : Math.log(x + Math.sqrt(x * x + 1));
      case "acosh":
        return x < 1 ? Double.NaN : Math.log(x + Math.sqrt(x * x - 1));
      case "atanh":
        return 0.5 * Math.log((1 + x) / (1 - x));
      case "deg":
        return x * 180 / Math.PI;
      case "rad":
        return x * Math.PI / 180;
      default:
        throw new IllegalArgumentException("cannot apply function: unknown " + f);
    }
  }

  /**
   * Go's {@code math.Log2}: exact for powers of two (splitting off the binary exponent), where
   * {@code log(x) / log(2)} is off in the last bit.
   */
  static double log2(double x) {
    if (x > 0 && !Double.isInfinite(x)) {
      int exp = Math.getExponent(x);
      if (exp >= Double.MIN_EXPONENT) {
        double frac = x / Math.scalb(1.0, exp); // in [1, 2)
        if (frac == 1) {
          return exp;
        }
        return exp + Math.log(frac) / Math.log(2);
      }
    }
    return Math.log(x) / Math.log(2);
  }
}
