package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.Tier;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.tier.TierPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage tiers as the query planner sees them, and how far behind the present each rollup may
 * be. A rollup bucket is materialised only once it is a refresh window old and the refresh job has
 * run (TimescaleDB's policy schedule, or the server's maintenance pass); each tier also waits for
 * the one it reads. Buckets younger than that are read from the raw tables instead.
 */
public final class QueryTiers {
  /** Room for a refresh job that is running late. */
  static final Duration SLACK = Duration.ofMinutes(1);

  private QueryTiers() {}

  /** The plan's tiers, finest first, as query-dsl tiers (same names, widths and retention). */
  public static List<Tier> of(TierPlan plan) {
    List<Tier> out = new ArrayList<>();
    for (dev.tidemark.server.storage.tier.Tier t : plan.tiers()) {
      out.add(new Tier(t.name(), t.width(), t.retention()));
    }
    return out;
  }

  /**
   * How old a bucket of {@code tierName} must be before the tier holds it for sure: the sum over
   * the tier and those it is built from of refresh end plus the refresh schedule, plus {@link
   * #SLACK}. Zero for raw.
   */
  static Duration lag(TierPlan plan, String tierName, Flavor flavor, Duration maintenance) {
    Duration lag = Duration.ZERO;
    for (dev.tidemark.server.storage.tier.Tier t : plan.rollups()) {
      Duration schedule =
          flavor == Flavor.TIMESCALEDB
              ? (t.width().compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : t.width())
              : maintenance;
      lag = lag.plus(plan.refreshEnd(t)).plus(schedule);
      if (t.name().equals(tierName)) {
        return lag.plus(SLACK);
      }
    }
    return Duration.ZERO;
  }
}
