package dev.tidemark.query.lang.ast;

/** {@code last 7d} or {@code from … to …}: the half-open interval {@code [from, to)}. */
public record RangeClause(TimePoint from, TimePoint to, int pos) implements Node {}
