package dev.tidemark.query.lang.ast;

/** A whole query: a series query or a release comparison. */
public sealed interface Query permits SeriesQuery, CompareQuery {

  /** The text the query was parsed from. */
  String source();

  Clauses clauses();
}
