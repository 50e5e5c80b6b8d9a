package dev.tidemark.query.source;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label condition of a selector. A missing label reads as the empty string (so {@code host=""}
 * selects series without a host label). Regular expressions use {@link Pattern} syntax and must
 * match the whole value, as in Prometheus.
 *
 * <p>Storage layers should resolve matchers against their series catalogue with {@link
 * #matches(Map)} rather than translate the regex into SQL, so both sides agree exactly.
 */
public final class LabelMatcher {

  private final String name;
  private final MatchOp op;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(String name, MatchOp op, String value) {
    this.name = Objects.requireNonNull(name);
    this.op = Objects.requireNonNull(op);
    this.value = Objects.requireNonNull(value);
    this.pattern = op == MatchOp.RE || op == MatchOp.NRE ? Pattern.compile(value) : null;
  }

  /**
   * Creates a matcher.
   *
   * @throws PatternSyntaxException if a regex operator is given an invalid expression
   */
  public static LabelMatcher of(String name, MatchOp op, String value) {
    return new LabelMatcher(name, op, value);
  }

  public static LabelMatcher eq(String name, String value) {
    return new LabelMatcher(name, MatchOp.EQ, value);
  }

  public String name() {
    return name;
  }

  public MatchOp op() {
    return op;
  }

  public String value() {
    return value;
  }

  /** Whether a label value (null when the label is absent) satisfies this matcher. */
  public boolean matches(String actual) {
    String v = actual == null ? "" : actual;
    switch (op) {
      case EQ:
        return v.equals(value);
      case NE:
        return !v.equals(value);
      case RE:
        return pattern.matcher(v).matches();
      default:
        return !pattern.matcher(v).matches();
    }
  }

  /** Whether a series with these labels satisfies this matcher. */
  public boolean matches(Map<String, String> labels) {
    return matches(labels.get(name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher
        && ((LabelMatcher) o).name.equals(name)
        && ((LabelMatcher) o).op == op
        && ((LabelMatcher) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, op, value);
  }

  @Override
  public String toString() {
    return name + op.symbol() + Quoting.quote(value);
  }
}
