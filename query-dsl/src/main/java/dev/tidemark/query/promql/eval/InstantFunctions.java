package dev.tidemark.query.promql.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Functions of instant vectors and scalars: math, clamps, {@code scalar}, {@code vector}, … */
final class InstantFunctions {

  private InstantFunctions() {}

  static Value apply(String f, List<Value> args, Timeline timeline) {
    switch (f) {
      case "time":
        {
          double[] v = new double[timeline.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = timeline.times()[i] / 1000.0;
          }
          return new Value.Scalar(v);
        }
      case "vector":
        {
          double[] s = ((Value.Scalar) args.get(0)).values();
          StepSeries out = new StepSeries(java.util.Map.of(), s.length);
          for (int i = 0; i < s.length; i++) {
            out.set(i, s[i]);
          }
          return new Value.Vector(List.of(out));
        }
      case "scalar":
        return scalar((Value.Vector) args.get(0), timeline.size());
      case "sort":
      case "sort_desc":
        return sort(f.equals("sort_desc"), (Value.Vector) args.get(0));
      default:
        return map((Value.Vector) args.get(0), operator(f, args));
    }
  }

  private static DoubleUnaryOperator operator(String f, List<Value> args) {
    switch (f) {
      case "abs":
        return Math::abs;
      case "ceil":
        return Math::ceil;
      case "floor":
        return Math::floor;
      case "exp":
        return Math::exp;
      case "sqrt":
        return Math::sqrt;
      case "ln":
        return Math::log;
      case "log2":
        return x -> Math.log(x) / Math.log(2);
      case "log10":
        return Math::log10;
      case "sgn":
        return Math::signum;
      case "round":
        {
          double to = args.size() > 1 ? ((Value.Scalar) args.get(1)).values()[0] : 1;
          return x -> Math.floor(x / to + 0.5) * to;
        }
      case "clamp_min":
        {
          double min = ((Value.Scalar) args.get(1)).values()[0];
          return x -> Math.max(x, min);
        }
      case "clamp_max":
        {
          double max = ((Value.Scalar) args.get(1)).values()[0];
          return x -> Math.min(x, max);
        }
      default: // clamp
        {
          double min = ((Value.Scalar) args.get(1)).values()[0];
          double max = ((Value.Scalar) args.get(2)).values()[0];
          return x -> min > max ? Double.NaN : Math.max(min, Math.min(max, x));
        }
    }
  }

  private static Value map(Value.Vector v, DoubleUnaryOperator op) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : v.series()) {
      StepSeries r = new StepSeries(StepSeries.dropName(s.labels()), s.steps());
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          r.set(i, op.applyAsDouble(s.get(i)));
        }
      }
      out.add(r);
    }
    return new Value.Vector(out);
  }

  private static Value scalar(Value.Vector v, int steps) {
    double[] out = new double[steps];
    Arrays.fill(out, Double.NaN);
    for (int i = 0; i < steps; i++) {
      int n = 0;
      for (StepSeries s : v.series()) {
        if (s.has(i)) {
          n++;
          out[i] = s.get(i);
        }
      }
      if (n != 1) {
        out[i] = Double.NaN;
      }
    }
    return new Value.Scalar(out);
  }

  private static Value sort(boolean desc, Value.Vector v) {
    List<StepSeries> out = new ArrayList<>(v.series());
    Comparator<StepSeries> byFirst =
        Comparator.comparingDouble(s -> s.has(0) ? s.get(0) : Double.NaN);
    out.sort(desc ? byFirst.reversed() : byFirst);
    return new Value.Vector(out);
  }
}
