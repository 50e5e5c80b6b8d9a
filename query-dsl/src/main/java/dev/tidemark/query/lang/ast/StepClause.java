package dev.tidemark.query.lang.ast;

import dev.tidemark.query.time.Step;
import java.util.Optional;

/** {@code step 5m}, {@code step 1d}, or {@code step auto} (empty). */
public record StepClause(Optional<Step> step, int pos) implements Node {}
