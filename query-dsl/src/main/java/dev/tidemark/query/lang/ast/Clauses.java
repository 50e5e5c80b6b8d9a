package dev.tidemark.query.lang.ast;

import java.util.Optional;

/** The time clauses that follow an expression, each at most once, in any order. */
public record Clauses(
    Optional<RangeClause> range, Optional<StepClause> step, Optional<ZoneClause> zone) {}
