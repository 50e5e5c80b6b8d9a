package dev.tidemark.server.storage.tier;

import dev.tidemark.server.config.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * One storage tier: {@code raw}, or a rollup of the tier before it into buckets of {@code width}.
 * Retention empty means forever.
 */
public record Tier(String name, Duration width, Optional<Duration> retention) {
  public static final String RAW = "raw";

  public boolean isRaw() {
    return name.equals(RAW);
  }

  public Tier withRetention(Optional<Duration> keep) {
    return new Tier(name, width, keep);
  }

  public String retentionText() {
    return retention.map(Durations::format).orElse("forever");
  }

  /**
   * Whether this tier's buckets start on the Unix-epoch grid of its width, as query buckets do. The
   * rollups bucket from {@link RollupSql#ORIGIN} (TimescaleDB's default origin), which lies on that
   * grid for every width dividing the 10,959 days between the two, a day and less included.
   */
  public boolean onEpochGrid() {
    long millis = width.toMillis();
    return millis > 0 && RollupSql.ORIGIN_EPOCH_MILLIS % millis == 0;
  }

  /** Relation names: the raw tables, or {@code <table>_<tier>} for a rollup. */
  public String relation(String rawTable) {
    return isRaw() ? rawTable : rawTable + "_" + name;
  }
}
