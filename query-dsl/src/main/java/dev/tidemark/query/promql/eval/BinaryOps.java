package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arithmetic ({@code + - * / % ^}) and comparisons ({@code == != < <= > >=}, with or without {@code
 * bool}) between scalars and instant vectors. Vector–vector operations match series one-to-one on
 * all labels except {@code __name__} (no {@code on}/{@code ignoring}). Arithmetic and {@code bool}
 * drop the metric name; a comparison without {@code bool} filters and keeps the left side's sample.
 */
final class BinaryOps {

  private BinaryOps() {}

  static Value apply(String op, Value lhs, Value rhs, boolean bool) {
    if (lhs instanceof Value.Scalar l && rhs instanceof Value.Scalar r) {
      double[] out = new double[l.values().length];
      for (int i = 0; i < out.length; i++) {
        out[i] = compute(op, l.values()[i], r.values()[i], true);
      }
      return new Value.Scalar(out);
    }
    if (lhs instanceof Value.Vector l && rhs instanceof Value.Scalar r) {
      return withScalar(op, l, r.values(), bool, false);
    }
    if (lhs instanceof Value.Scalar l && rhs instanceof Value.Vector r) {
      return withScalar(op, r, l.values(), bool, true);
    }
    return vectors(op, (Value.Vector) lhs, (Value.Vector) rhs, bool);
  }

  private static boolean comparison(String op) {
    return op.equals("==")
        || op.equals("!=")
        || op.equals("<")
        || op.equals("<=")
        || op.equals(">")
        || op.equals(">=");
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
        return a % b;
      case "^":
        return Math.pow(a, b);
      default:
        boolean r = compare(op, a, b);
        return bool ? (r ? 1 : 0) : (r ? a : Double.NaN);
    }
  }

  private static boolean compare(String op, double a, double b) {
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
      String op, Value.Vector v, double[] s, boolean bool, boolean scalarLeft) {
    boolean filter = comparison(op) && !bool;
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries in : v.series()) {
      StepSeries res =
          new StepSeries(filter ? in.labels() : StepSeries.dropName(in.labels()), s.length);
      for (int i = 0; i < s.length; i++) {
        if (!in.has(i)) {
          continue;
        }
        double a = scalarLeft ? s[i] : in.get(i);
        double b = scalarLeft ? in.get(i) : s[i];
        if (filter) {
          if (compare(op, a, b)) {
            res.set(i, in.get(i));
          }
        } else {
          res.set(i, compute(op, a, b, true));
        }
      }
      if (!res.isEmpty()) {
        out.add(res);
      }
    }
    return new Value.Vector(out);
  }

  private static Value vectors(String op, Value.Vector lhs, Value.Vector rhs, boolean bool) {
    boolean filter = comparison(op) && !bool;
    Map<Map<String, String>, StepSeries> right = index(rhs, "right");
    index(lhs, "left");
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries l : lhs.series()) {
      Map<String, String> key = StepSeries.dropName(l.labels());
      StepSeries r = right.get(key);
      if (r == null) {
        continue;
      }
      int steps = l.steps();
      StepSeries res = new StepSeries(filter ? l.labels() : key, steps);
      for (int i = 0; i < steps; i++) {
        if (l.has(i) && r.has(i)) {
          if (filter) {
            if (compare(op, l.get(i), r.get(i))) {
              res.set(i, l.get(i));
            }
          } else {
            res.set(i, compute(op, l.get(i), r.get(i), true));
          }
        }
      }
      if (!res.isEmpty()) {
        out.add(res);
      }
    }
    return new Value.Vector(out);
  }

  private static Map<Map<String, String>, StepSeries> index(Value.Vector v, String side) {
    Map<Map<String, String>, StepSeries> byKey = new HashMap<>();
    for (StepSeries s : v.series()) {
      if (byKey.put(StepSeries.dropName(s.labels()), s) != null) {
        throw PromQlException.execution(
            "found duplicate series for the match group "
                + StepSeries.dropName(s.labels())
                + " on the "
                + side
                + " hand-side of the operation; many-to-many matching is not supported");
      }
    }
    return byKey;
  }
}
