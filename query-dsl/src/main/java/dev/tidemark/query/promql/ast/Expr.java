package dev.tidemark.query.promql.ast;

import dev.tidemark.query.source.LabelMatcher;
import java.time.Duration;
import java.util.List;

/** The PromQL syntax tree: every node knows its {@link ValueType}. */
public sealed interface Expr {

  ValueType type();

  /** Whether evaluating this expression reads stored data (false for {@code 1+1}). */
  default boolean readsData() {
    return false;
  }

  /** A number literal. */
  record NumberLit(double value) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.SCALAR;
    }
  }

  /** A string literal. */
  record StringLit(String value) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.STRING;
    }
  }

  /**
   * {@code metric{matchers} [offset d]}; {@code matchers} exclude the metric name.
   *
   * @param offset how far back to shift the evaluation time (zero for none)
   */
  record Selector(String metric, List<LabelMatcher> matchers, Duration offset) implements Expr {
    public Selector {
      matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public boolean readsData() {
      return true;
    }
  }

  /** {@code selector[range]}: the samples in {@code (t - range, t]}. */
  record RangeSelector(Selector selector, Duration range) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }

    @Override
    public boolean readsData() {
      return true;
    }
  }

  /** A function call; {@code args} were type-checked against the function's signature. */
  record Call(String function, List<Expr> args, ValueType type) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public boolean readsData() {
      return args.stream().anyMatch(Expr::readsData);
    }
  }

  /**
   * An aggregation such as {@code sum by (a) (x)}.
   *
   * @param param the parameter of {@code quantile}, {@code topk}, {@code bottomk}, else null
   * @param without true for {@code without (labels)}, false for {@code by (labels)}
   * @param grouped false when neither {@code by} nor {@code without} was given
   */
  record Aggregate(
      String op, Expr param, Expr expr, List<String> labels, boolean without, boolean grouped)
      implements Expr {
    public Aggregate {
      labels = List.copyOf(labels);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public boolean readsData() {
      return expr.readsData() || (param != null && param.readsData());
    }
  }

  /**
   * A binary operation.
   *
   * @param bool the {@code bool} modifier of a comparison
   */
  record Binary(String op, Expr lhs, Expr rhs, boolean bool) implements Expr {
    @Override
    public ValueType type() {
      return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
          ? ValueType.SCALAR
          : ValueType.VECTOR;
    }

    @Override
    public boolean readsData() {
      return lhs.readsData() || rhs.readsData();
    }

    /** Whether {@code op} compares ({@code == != < <= > >=}). */
    public boolean comparison() {
      return op.equals("==")
          || op.equals("!=")
          || op.equals("<")
          || op.equals("<=")
          || op.equals(">")
          || op.equals(">=");
    }
  }

  /** Unary minus. */
  record Negate(Expr expr) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }

    @Override
    public boolean readsData() {
      return expr.readsData();
    }
  }
}
