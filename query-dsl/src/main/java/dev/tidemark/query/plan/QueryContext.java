package dev.tidemark.query.plan;

import dev.tidemark.query.source.Tier;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What a query is planned against: the current time, the range to use when the query names none
 * (the REST body's {@code from}/{@code to}), the default zone, the storage tiers and the limits.
 */
public record QueryContext(
    Instant now,
    Optional<Instant> defaultFrom,
    Optional<Instant> defaultTo,
    ZoneId zone,
    List<Tier> tiers,
    Limits limits) {

  public QueryContext {
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("cannot create query context: no tiers configured");
    }
  }

  /** UTC, default limits, the last hour unless the query says otherwise. */
  public static QueryContext of(Instant now, List<Tier> tiers) {
    return new QueryContext(
        now, Optional.empty(), Optional.empty(), ZoneId.of("UTC"), tiers, Limits.defaults());
  }

  public QueryContext withRange(Instant from, Instant to) {
    return new QueryContext(now, Optional.of(from), Optional.of(to), zone, tiers, limits);
  }

  public QueryContext withLimits(Limits newLimits) {
    return new QueryContext(now, defaultFrom, defaultTo, zone, tiers, newLimits);
  }

  public QueryContext withZone(ZoneId newZone) {
    return new QueryContext(now, defaultFrom, defaultTo, newZone, tiers, limits);
  }
}
