package dev.tidemark.query.lang.ast;

import java.time.ZoneId;

/** {@code zone "Europe/Berlin"}: where day and week buckets begin. */
public record ZoneClause(ZoneId zone, int pos) implements Node {}
