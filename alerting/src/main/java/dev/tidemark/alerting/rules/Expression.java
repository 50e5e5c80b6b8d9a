package dev.tidemark.alerting.rules;

/**
 * A rule's query: its language, its text and, for PromQL, the parsed tree ({@code
 * dev.tidemark.query.promql.ast.Expr}); DSL text is parsed once here to validate and planned at
 * each evaluation, when the time is known.
 */
public record Expression(Language language, String text, Object parsed) {
  @Override
  public String toString() {
    return text;
  }
}
