package dev.tidemark.query.promql.ast;

import dev.tidemark.query.source.LabelMatcher;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints an expression the way Prometheus prints it ({@code format_query}): one line, matchers
 * sorted, {@code sum by (a) (x)}, {@code a / on (b) group_left (c) d}, durations as {@code 1h30m},
 * numbers as Go prints them. The syntax tree keeps no parentheses, so they are printed where
 * precedence needs them.
 */
public final class Printer {

  private Printer() {}

  public static String print(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      return number(n.value());
    }
    if (e instanceof Expr.StringLit s) {
      return quote(s.value());
    }
    if (e instanceof Expr.Selector s) {
      return selector(s, "");
    }
    if (e instanceof Expr.RangeSelector r) {
      return selector(r.selector(), "[" + duration(r.range()) + "]");
    }
    if (e instanceof Expr.Subquery q) {
      String inner = print(q.expr());
      if (q.expr() instanceof Expr.Binary || q.expr() instanceof Expr.Negate) {
        inner = "(" + inner + ")";
      }
      return inner
          + "["
          + duration(q.range())
          + ":"
          + (q.step() == null ? "" : duration(q.step()))
          + "]"
          + modifiers(q.offset(), q.at());
    }
    if (e instanceof Expr.Negate n) {
      String inner = print(n.expr());
      return "-" + (n.expr() instanceof Expr.Binary ? "(" + inner + ")" : inner);
    }
    if (e instanceof Expr.Call c) {
      List<String> args = new ArrayList<>();
      c.args().forEach(a -> args.add(print(a)));
      return c.function() + "(" + String.join(", ", args) + ")";
    }
    if (e instanceof Expr.Aggregate a) {
      StringBuilder s = new StringBuilder(a.op());
      if (a.without()) {
        s.append(" without (").append(String.join(", ", a.labels())).append(") ");
      } else if (!a.labels().isEmpty()) {
        s.append(" by (").append(String.join(", ", a.labels())).append(") ");
      }
      s.append('(');
      if (a.param() != null) {
        s.append(print(a.param())).append(", ");
      }
      return s.append(print(a.expr())).append(')').toString();
    }
    return binary((Expr.Binary) e);
  }

  private static String binary(Expr.Binary b) {
    int prec = precedence(b.op());
    String lhs = print(b.lhs());
    String rhs = print(b.rhs());
    boolean rightAssoc = b.op().equals("^");
    if (b.lhs() instanceof Expr.Binary l
        && (precedence(l.op()) < prec || (rightAssoc && precedence(l.op()) == prec))) {
      lhs = "(" + lhs + ")";
    }
    if (b.rhs() instanceof Expr.Binary r
        && (precedence(r.op()) < prec || (!rightAssoc && precedence(r.op()) == prec))) {
      rhs = "(" + rhs + ")";
    }
    StringBuilder s = new StringBuilder(lhs).append(' ').append(b.op());
    if (b.bool()) {
      s.append(" bool");
    }
    Expr.Matching m = b.matching();
    if (m.on() || !m.labels().isEmpty()) {
      s.append(m.on() ? " on (" : " ignoring (").append(String.join(", ", m.labels())).append(')');
      if (m.card() == Expr.Matching.Card.MANY_TO_ONE
          || m.card() == Expr.Matching.Card.ONE_TO_MANY) {
        s.append(m.card() == Expr.Matching.Card.MANY_TO_ONE ? " group_left (" : " group_right (")
            .append(String.join(", ", m.include()))
            .append(')');
      }
    }
    return s.append(' ').append(rhs).toString();
  }

  private static int precedence(String op) {
    switch (op) {
      case "or":
        return 1;
      case "and":
      case "unless":
        return 2;
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return 3;
      case "+":
      case "-":
        return 4;
      case "^":
        return 6;
      default:
        return 5;
    }
  }

  private static String selector(Expr.Selector s, String range) {
    List<String> matchers = new ArrayList<>();
    for (LabelMatcher m : s.matchers()) {
      matchers.add(m.name() + m.op().symbol() + quote(m.value()));
    }
    matchers.sort(null);
    String name = s.metric() == null ? "" : s.metric();
    String body = matchers.isEmpty() ? name : name + "{" + String.join(",", matchers) + "}";
    return body + range + modifiers(s.offset(), s.at());
  }

  private static String modifiers(Duration offset, Expr.At at) {
    StringBuilder s = new StringBuilder();
    if (at != null) {
      switch (at.kind()) {
        case START -> s.append(" @ start()");
        case END -> s.append(" @ end()");
        default -> s.append(String.format(Locale.ROOT, " @ %.3f", at.millis() / 1000.0));
      }
    }
    if (offset != null && !offset.isZero()) {
      s.append(" offset ").append(offset.isNegative() ? "-" : "").append(duration(offset.abs()));
    }
    return s.toString();
  }

  /** Prometheus' model.Duration: the largest units first, {@code 0s} for zero. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < units.length; i++) {
      long n = ms / units[i];
      if (n > 0) {
        s.append(n).append(names[i]);
        ms -= n * units[i];
      }
    }
    return s.toString();
  }

  /**
   * Go's {@code fmt.Sprint(float64)}: shortest digits, exponent form below 1e-4 or from 1e6 ({@code
   * 1e+06}).
   */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exp < 0 ? "-" : "+")
          + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    return d.toPlainString();
  }

  /** Go's {@code %q} for the printable strings PromQL holds. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
