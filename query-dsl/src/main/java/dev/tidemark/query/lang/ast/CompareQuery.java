package dev.tidemark.query.lang.ast;

import dev.tidemark.query.analysis.Direction;
import java.util.List;
import java.util.Optional;

/**
 * {@code compare release "a" to "b" on subject [by (…)] [clauses] [options]}.
 *
 * @param subject a selector (each raw point is one run) or a call (each bucket is one run)
 * @param by grouping labels for a selector subject (a call carries its own)
 * @param threshold relative threshold, e.g. 0.05 for 5%
 * @param direction empty to guess from the metric name
 */
public record CompareQuery(
    String source,
    String baseline,
    String candidate,
    Expr subject,
    Optional<List<String>> by,
    Clauses clauses,
    double threshold,
    double alpha,
    Optional<Direction> direction,
    int pos)
    implements Query {}
