package dev.tidemark.query.promql.lang;

import static dev.tidemark.query.promql.ast.ValueType.MATRIX;
import static dev.tidemark.query.promql.ast.ValueType.SCALAR;
import static dev.tidemark.query.promql.ast.ValueType.VECTOR;

import dev.tidemark.query.promql.ast.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PromQL functions Tidemark supports and their signatures. */
public final class Functions {

  /**
   * A signature.
   *
   * @param args argument types
   * @param required how many of {@code args} must be given (the rest are optional)
   * @param returns the result type
   */
  public record Signature(List<ValueType> args, int required, ValueType returns) {}

  private static final Map<String, Signature> ALL = new HashMap<>();

  static {
    for (String f :
        List.of(
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "changes",
            "resets",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "last_over_time",
            "present_over_time",
            "stddev_over_time",
            "stdvar_over_time")) {
      add(f, VECTOR, MATRIX);
    }
    add("quantile_over_time", VECTOR, SCALAR, MATRIX);
    for (String f :
        List.of(
            "abs",
            "ceil",
            "floor",
            "exp",
            "sqrt",
            "ln",
            "log2",
            "log10",
            "sgn",
            "sort",
            "sort_desc")) {
      add(f, VECTOR, VECTOR);
    }
    ALL.put("round", new Signature(List.of(VECTOR, SCALAR), 1, VECTOR));
    add("clamp_min", VECTOR, VECTOR, SCALAR);
    add("clamp_max", VECTOR, VECTOR, SCALAR);
    add("clamp", VECTOR, VECTOR, SCALAR, SCALAR);
    add("scalar", SCALAR, VECTOR);
    add("vector", VECTOR, SCALAR);
    add("time", SCALAR);
    add("histogram_quantile", VECTOR, SCALAR, VECTOR);
    add("histogram_count", VECTOR, VECTOR);
    add("histogram_sum", VECTOR, VECTOR);
    add("histogram_avg", VECTOR, VECTOR);
  }

  private Functions() {}

  private static void add(String name, ValueType returns, ValueType... args) {
    ALL.put(name, new Signature(List.of(args), args.length, returns));
  }

  public static Optional<Signature> of(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /** Functions that read native histograms ({@code histogram_*}). */
  public static boolean histogramFunction(String name) {
    return name.startsWith("histogram_");
  }
}
