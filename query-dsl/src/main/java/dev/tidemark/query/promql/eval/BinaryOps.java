package dev.tidemark.query.promql.eval;

/**
 * Arithmetic ({@code + - * / % ^ atan2}) and comparisons ({@code == != < <= > >=}, with or without
 * {@code bool}) between scalars, and between a scalar and an instant vector. Arithmetic (but {@code
 * atan2}, as in Prometheus 2.x) and {@code bool} drop the metric name; a comparison without {@code
 * bool} filters and keeps the vector's sample, on whichever side it is.
 */
final class BinaryOps {

  private BinaryOps() {}

  static Value apply(String op, Value lhs, Value rhs, boolean bool, int steps) {
    if (lhs instanceof Value.Scalar l && rhs instanceof Value.Scalar r) {
      double[] out = new double[l.values().length];
      for (int i = 0; i < out.length; i++) {
        out[i] = compute(op, l.values()[i], r.values()[i], true);
      }
      return new Value.Scalar(out);
    }
    if (lhs instanceof Value.Vector l && rhs instanceof Value.Scalar r) {
      return withScalar(op, l, r.values(), bool, false, steps);
    }
    return withScalar(op, (Value.Vector) rhs, ((Value.Scalar) lhs).values(), bool, true, steps);
  }

  static boolean comparison(String op) {
    switch (op) {
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return true;
      default:
        return false;
    }
  }

  /** Whether the result of {@code op} loses the metric name (Prometheus' shouldDropMetricName). */
  static boolean dropsName(String op) {
    switch (op) {
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
      case "^":
        return true;
      default:
        return false;
    }
  }

  /** The result of {@code a op b}; for comparisons 1/0 when {@code bool}, else NaN for false. */
  static double compute(String op, double a, double b, boolean bool) {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return a / b;
      case "%":
        return goMod(a, b);
      case "^":
        return Math.pow(a, b);
      case "atan2":
        return Math.atan2(a, b);
      default:
        boolean r = compare(op, a, b);
        return bool ? (r ? 1 : 0) : (r ? a : Double.NaN);
    }
  }

  /** Go's math.Mod: the sign of the result is the sign of {@code a}, like Java's {@code %}. */
  private static double goMod(double a, double b) {
    return a % b;
  }

  static boolean compare(String op, double a, double b) {
    switch (op) {
      case "==":
        return a == b;
      case "!=":
        return a != b;
      case "<":
        return a < b;
      case "<=":
        return a <= b;
      case ">":
        return a > b;
      default:
        return a >= b;
    }
  }

  private static Value withScalar(
      String op, Value.Vector v, double[] s, boolean bool, boolean scalarLeft, int steps) {
    boolean filter = comparison(op) && !bool;
    SeriesSet out = new SeriesSet(steps);
    for (StepSeries in : v.series()) {
      StepSeries target =
          out.of(dropsName(op) || bool ? StepSeries.dropName(in.labels()) : in.labels());
      for (int i = 0; i < s.length; i++) {
        if (!in.has(i)) {
          continue;
        }
        double a = scalarLeft ? s[i] : in.get(i);
        double b = scalarLeft ? in.get(i) : s[i];
        if (filter) {
          if (compare(op, a, b)) {
            SeriesSet.put(target, i, in.get(i));
          }
        } else {
          SeriesSet.put(target, i, compute(op, a, b, true));
        }
      }
    }
    return out.vector();
  }
}
