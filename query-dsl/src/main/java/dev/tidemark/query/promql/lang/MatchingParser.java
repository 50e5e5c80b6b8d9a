package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.Expr.Matching.Card;
import dev.tidemark.query.promql.lang.Token.Type;
import java.util.List;

/**
 * The vector matching clause after a binary operator: {@code on(…)} or {@code ignoring(…)},
 * optionally followed by {@code group_left[(…)]} or {@code group_right[(…)]}. Set operators are
 * always many-to-many and take no {@code group_*}.
 */
final class MatchingParser {

  private MatchingParser() {}

  static Expr.Matching parse(Cursor in, Token op) {
    boolean set =
        op.type() == Type.IDENT
            && (op.text().equals("and") || op.text().equals("or") || op.text().equals("unless"));
    Card card = set ? Card.MANY_TO_MANY : Card.ONE_TO_ONE;
    Token t = in.peek();
    if (!t.is(Type.IDENT, "on") && !t.is(Type.IDENT, "ignoring")) {
      if (t.is(Type.IDENT, "group_left") || t.is(Type.IDENT, "group_right")) {
        throw PromQlException.parse(
            "unexpected \"" + t.text() + "\": it needs on(…) or ignoring(…) before it",
            t.position());
      }
      return set ? new Expr.Matching(card, false, List.of(), List.of()) : Expr.Matching.DEFAULT;
    }
    in.advance();
    boolean on = t.text().equals("on");
    List<String> labels = SelectorParser.groupingLabels(in);
    List<String> include = List.of();
    Token g = in.peek();
    if (g.is(Type.IDENT, "group_left") || g.is(Type.IDENT, "group_right")) {
      if (set) {
        throw PromQlException.parse(
            "no grouping allowed for \"" + op.text() + "\" operation", g.position());
      }
      in.advance();
      card = g.text().equals("group_left") ? Card.MANY_TO_ONE : Card.ONE_TO_MANY;
      if (in.peek().type() == Type.LPAREN) {
        include = SelectorParser.groupingLabels(in);
      }
      for (String l : include) {
        if (on && labels.contains(l)) {
          throw PromQlException.parse(
              "label \"" + l + "\" must not occur in ON and GROUP clause at once", g.position());
        }
      }
    }
    return new Expr.Matching(card, on, labels, include);
  }
}
