package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.lang.Token.Type;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/** The leaves of PromQL: selectors with matchers, grouping label lists, numbers, durations. */
final class SelectorParser {

  private SelectorParser() {}

  static List<String> groupingLabels(Cursor in) {
    in.expect(Type.LPAREN, "\"(\"");
    List<String> labels = new ArrayList<>();
    while (in.peek().type() != Type.RPAREN) {
      Token l = in.peek();
      if (l.type() != Type.IDENT && l.type() != Type.STRING) {
        throw in.unexpected("a label name");
      }
      in.advance();
      labels.add(l.text());
      if (in.peek().type() == Type.COMMA) {
        in.advance();
      } else if (in.peek().type() != Type.RPAREN) {
        throw in.unexpected("\",\" or \")\"");
      }
    }
    in.advance();
    return labels;
  }

  static Expr selector(Cursor in, String metric, int position) {
    List<LabelMatcher> matchers = new ArrayList<>();
    String name = metric;
    if (in.peek().type() == Type.LBRACE) {
      in.advance();
      while (in.peek().type() != Type.RBRACE) {
        Token label = in.peek();
        if (label.type() != Type.IDENT) {
          throw in.unexpected("a label name");
        }
        in.advance();
        Token op = in.peek();
        MatchOp matchOp = matchOp(in, op);
        in.advance();
        Token value = in.expect(Type.STRING, "a string");
        if (label.text().equals("__name__") && matchOp == MatchOp.EQ && name == null) {
          name = value.text();
        } else {
          if (label.text().equals("__name__") && matchOp == MatchOp.EQ) {
            throw PromQlException.parse(
                "metric name must not be set twice: \"" + name + "\" or \"" + value.text() + "\"",
                label.position());
          }
          try {
            matchers.add(LabelMatcher.of(label.text(), matchOp, value.text()));
          } catch (PatternSyntaxException e) {
            throw PromQlException.parse(
                "invalid regular expression " + value.describe() + ": " + e.getDescription(),
                value.position());
          }
        }
        if (in.peek().type() == Type.COMMA) {
          in.advance();
        } else if (in.peek().type() != Type.RBRACE) {
          throw in.unexpected("\",\" or \"}\"");
        }
      }
      in.advance();
    }
    if (name == null && matchers.stream().allMatch(m -> m.matches(""))) {
      throw PromQlException.parse(
          "vector selector must contain at least one non-empty matcher", position);
    }
    return new Expr.Selector(name, matchers, Duration.ZERO);
  }

  private static MatchOp matchOp(Cursor in, Token op) {
    if (op.type() == Type.OP) {
      for (MatchOp m : MatchOp.values()) {
        if (m.symbol().equals(op.text())) {
          return m;
        }
      }
    }
    throw in.unexpected("a label matching operator (=, !=, =~, !~)");
  }

  static double number(Token t) {
    String s = t.text();
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        return Long.parseLong(s.substring(2), 16);
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw PromQlException.parse("bad number " + t.describe(), t.position());
    }
  }

  static Duration duration(Token t) {
    Duration d = PromDurations.parse(t.text(), t.position());
    if (d.isZero()) {
      throw PromQlException.parse("duration must be greater than 0", t.position());
    }
    return d;
  }
}
