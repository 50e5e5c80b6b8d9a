package dev.tidemark.query.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arithmetic between values. Series meet series with equal label sets; when one side is a single
 * series without labels (an aggregation without {@code by}) it is applied to every series of the
 * other side, whose labels are kept. Points meet points with equal bucket times; unmatched points
 * and non-finite results (x/0) are dropped.
 */
final class Arithmetic {

  private Arithmetic() {}

  static double apply(char op, double a, double b) {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      default:
        return a / b;
    }
  }

  static Value apply(char op, Value left, Value right, String name) {
    if (left instanceof Value.Scalar && right instanceof Value.Scalar) {
      return new Value.Scalar(
          apply(op, ((Value.Scalar) left).value(), ((Value.Scalar) right).value()));
    }
    if (left instanceof Value.Scalar) {
      double a = ((Value.Scalar) left).value();
      return map((Value.Vector) right, name, v -> apply(op, a, v));
    }
    if (right instanceof Value.Scalar) {
      double b = ((Value.Scalar) right).value();
      return map((Value.Vector) left, name, v -> apply(op, v, b));
    }
    List<Series> ls = ((Value.Vector) left).series();
    List<Series> rs = ((Value.Vector) right).series();
    List<Series> out = new ArrayList<>();
    if (unlabelled(rs) && !unlabelled(ls)) {
      for (Series l : ls) {
        out.add(join(op, l, rs.get(0), l.labels(), name));
      }
    } else if (unlabelled(ls) && !unlabelled(rs)) {
      for (Series r : rs) {
        out.add(join(op, ls.get(0), r, r.labels(), name));
      }
    } else {
      Map<Map<String, String>, Series> byLabels = new HashMap<>();
      for (Series r : rs) {
        byLabels.put(r.labels(), r);
      }
      for (Series l : ls) {
        Series r = byLabels.get(l.labels());
        if (r != null) {
          out.add(join(op, l, r, l.labels(), name));
        }
      }
    }
    out.removeIf(s -> s.size() == 0);
    return new Value.Vector(out);
  }

  private static boolean unlabelled(List<Series> s) {
    return s.size() == 1 && s.get(0).labels().isEmpty();
  }

  static Value.Vector map(Value.Vector v, String name, java.util.function.DoubleUnaryOperator f) {
    List<Series> out = new ArrayList<>();
    for (Series s : v.series()) {
      long[] t = new long[s.size()];
      double[] y = new double[s.size()];
      int n = 0;
      for (int i = 0; i < s.size(); i++) {
        double r = f.applyAsDouble(s.values()[i]);
        if (Double.isFinite(r)) {
          t[n] = s.times()[i];
          y[n++] = r;
        }
      }
      if (n > 0) {
        out.add(new Series(name, s.labels(), trim(t, n), trim(y, n)));
      }
    }
    return new Value.Vector(out);
  }

  private static Series join(char op, Series l, Series r, Map<String, String> labels, String name) {
    int cap = Math.min(l.size(), r.size());
    long[] t = new long[cap];
    double[] y = new double[cap];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < l.size() && j < r.size()) {
      long a = l.times()[i];
      long b = r.times()[j];
      if (a < b) {
        i++;
      } else if (b < a) {
        j++;
      } else {
        double v = apply(op, l.values()[i], r.values()[j]);
        if (Double.isFinite(v)) {
          t[n] = a;
          y[n++] = v;
        }
        i++;
        j++;
      }
    }
    return new Series(name, labels, trim(t, n), trim(y, n));
  }

  static long[] trim(long[] a, int n) {
    return n == a.length ? a : java.util.Arrays.copyOf(a, n);
  }

  static double[] trim(double[] a, int n) {
    return n == a.length ? a : java.util.Arrays.copyOf(a, n);
  }
}
