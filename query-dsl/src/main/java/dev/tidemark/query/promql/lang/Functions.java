package dev.tidemark.query.promql.lang;

import static dev.tidemark.query.promql.ast.ValueType.MATRIX;
import static dev.tidemark.query.promql.ast.ValueType.SCALAR;
import static dev.tidemark.query.promql.ast.ValueType.STRING;
import static dev.tidemark.query.promql.ast.ValueType.VECTOR;

import dev.tidemark.query.promql.ast.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PromQL functions of the Prometheus 2.55 documentation and their signatures. */
public final class Functions {

  /**
   * A signature.
   *
   * @param args argument types
   * @param required how many of {@code args} must be given (the rest are optional)
   * @param max how many arguments may be given; beyond {@code args}, the last type repeats
   * @param returns the result type
   */
  public record Signature(List<ValueType> args, int required, int max, ValueType returns) {
    public Signature(List<ValueType> args, int required, ValueType returns) {
      this(args, required, args.size(), returns);
    }

    /** The type of argument {@code i}. */
    public ValueType arg(int i) {
      return args.get(Math.min(i, args.size() - 1));
    }
  }

  /** Functions of one instant vector to one instant vector, sample by sample. */
  static final List<String> ELEMENTWISE =
      List.of(
          "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "sin", "cos", "tan",
          "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "deg", "rad");

  /** Date functions: of the evaluation time without an argument, else of each sample's value. */
  public static final List<String> DATES =
      List.of(
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "days_in_month",
          "hour",
          "minute",
          "month",
          "year");

  private static final Map<String, Signature> ALL = new HashMap<>();

  static {
    for (String f :
        List.of(
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "deriv",
            "changes",
            "resets",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "sum_over_time",
            "count_over_time",
            "last_over_time",
            "present_over_time",
            "absent_over_time",
            "mad_over_time",
            "stddev_over_time",
            "stdvar_over_time")) {
      add(f, VECTOR, MATRIX);
    }
    add("quantile_over_time", VECTOR, SCALAR, MATRIX);
    add("predict_linear", VECTOR, MATRIX, SCALAR);
    add("holt_winters", VECTOR, MATRIX, SCALAR, SCALAR);
    for (String f : ELEMENTWISE) {
      add(f, VECTOR, VECTOR);
    }
    for (String f : List.of("sort", "sort_desc", "timestamp", "absent")) {
      add(f, VECTOR, VECTOR);
    }
    for (String f : DATES) {
      ALL.put(f, new Signature(List.of(VECTOR), 0, VECTOR));
    }
    ALL.put("round", new Signature(List.of(VECTOR, SCALAR), 1, VECTOR));
    add("clamp_min", VECTOR, VECTOR, SCALAR);
    add("clamp_max", VECTOR, VECTOR, SCALAR);
    add("clamp", VECTOR, VECTOR, SCALAR, SCALAR);
    add("scalar", SCALAR, VECTOR);
    add("vector", VECTOR, SCALAR);
    add("time", SCALAR);
    add("pi", SCALAR);
    add("label_replace", VECTOR, VECTOR, STRING, STRING, STRING, STRING);
    ALL.put(
        "label_join",
        new Signature(List.of(VECTOR, STRING, STRING, STRING), 3, Integer.MAX_VALUE, VECTOR));
    for (String f : List.of("sort_by_label", "sort_by_label_desc")) {
      ALL.put(f, new Signature(List.of(VECTOR, STRING), 1, Integer.MAX_VALUE, VECTOR));
    }
    add("histogram_quantile", VECTOR, SCALAR, VECTOR);
    add("histogram_fraction", VECTOR, SCALAR, SCALAR, VECTOR);
    for (String f :
        List.of(
            "histogram_count",
            "histogram_sum",
            "histogram_avg",
            "histogram_stddev",
            "histogram_stdvar")) {
      add(f, VECTOR, VECTOR);
    }
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
