package dev.tidemark.query.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A storage tier: raw samples (width zero) or a rollup whose buckets are {@code width} wide and
 * aligned to the Unix epoch, kept for {@code retention} (empty = forever).
 */
public record Tier(String name, Duration width, Optional<Duration> retention) {

  public static Tier raw(Duration retention) {
    return new Tier("raw", Duration.ZERO, Optional.of(retention));
  }

  public static Tier rollup(String name, Duration width, Duration retention) {
    return new Tier(name, width, Optional.of(retention));
  }

  public static Tier forever(String name, Duration width) {
    return new Tier(name, width, Optional.empty());
  }

  public boolean isRaw() {
    return width.isZero();
  }
}
