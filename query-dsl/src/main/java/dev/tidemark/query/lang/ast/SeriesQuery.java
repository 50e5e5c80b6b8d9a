package dev.tidemark.query.lang.ast;

import java.util.List;

/** {@code expr [clauses] {| analysis}}. */
public record SeriesQuery(String source, Expr expr, Clauses clauses, List<Analysis> analyses)
    implements Query {

  public SeriesQuery {
    analyses = List.copyOf(analyses);
  }
}
