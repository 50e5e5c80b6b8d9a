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
   * {@code metric{matchers} [offset d] [@ t]}.
   *
   * @param metric the metric name, or null for a selector without one ({@code {job="a"}})
   * @param matchers label matchers without the metric name; may hold {@code __name__} matchers
   *     other than the name's equality ({@code {__name__=~"a.*"}})
   * @param offset how far back to shift the evaluation time (zero for none)
   * @param at the {@code @} modifier, or null
   */
  record Selector(String metric, List<LabelMatcher> matchers, Duration offset, At at)
      implements Expr {
    public Selector {
      matchers = List.copyOf(matchers);
    }

    public Selector(String metric, List<LabelMatcher> matchers, Duration offset) {
      this(metric, matchers, offset, null);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public boolean readsData() {
      return true;
    }

    /** The same selector with other time modifiers. */
    public Selector at(Duration newOffset, At newAt) {
      return new Selector(metric, matchers, newOffset, newAt);
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

  /**
   * {@code expr[range:step] [offset d] [@ t]}: {@code expr} evaluated at every multiple of {@code
   * step} inside the window, as a range vector.
   *
   * @param step the resolution, or null for the query's default
   */
  record Subquery(Expr expr, Duration range, Duration step, Duration offset, At at)
      implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }

    @Override
    public boolean readsData() {
      return expr.readsData();
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
   * @param param the parameter of {@code quantile}, {@code topk}, {@code bottomk}, {@code
   *     count_values} (a string), else null
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
   * @param matching how vector–vector operands are matched ({@link Matching#DEFAULT} when no {@code
   *     on}/{@code ignoring}/{@code group_*} was given)
   */
  record Binary(String op, Expr lhs, Expr rhs, boolean bool, Matching matching) implements Expr {
    public Binary(String op, Expr lhs, Expr rhs, boolean bool) {
      this(op, lhs, rhs, bool, Matching.DEFAULT);
    }

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

    /** Whether {@code op} is a set operator ({@code and or unless}). */
    public boolean setOperator() {
      return op.equals("and") || op.equals("or") || op.equals("unless");
    }
  }

  /**
   * Vector matching of a binary operation.
   *
   * @param card {@code one-to-one}, {@code many-to-one} ({@code group_left}), {@code one-to-many}
   *     ({@code group_right}) or {@code many-to-many} (set operators)
   * @param on true for {@code on(labels)}, false for {@code ignoring(labels)}
   * @param include the labels of {@code group_left(…)}/{@code group_right(…)}
   */
  record Matching(Card card, boolean on, List<String> labels, List<String> include) {
    public static final Matching DEFAULT =
        new Matching(Card.ONE_TO_ONE, false, List.of(), List.of());

    public Matching {
      labels = List.copyOf(labels);
      include = List.copyOf(include);
    }

    /** The cardinality of a vector match. */
    public enum Card {
      ONE_TO_ONE,
      MANY_TO_ONE,
      ONE_TO_MANY,
      MANY_TO_MANY
    }
  }

  /**
   * The {@code @} modifier: a fixed evaluation time, or the query's start or end.
   *
   * @param millis the time for {@link Kind#TIME}
   */
  record At(Kind kind, long millis) {
    /** What the modifier names. */
    public enum Kind {
      TIME,
      START,
      END
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
