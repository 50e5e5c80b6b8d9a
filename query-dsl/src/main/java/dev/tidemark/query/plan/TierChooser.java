package dev.tidemark.query.plan;

import dev.tidemark.query.source.Tier;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the storage tier for a bucketed fetch: among tiers whose width divides every bucket
 * boundary of the (widened) range — so each tier bucket lies inside one result bucket — take the
 * coarsest whose retention still covers the range start. If none covers it, the aligned tier with
 * the longest retention. The raw tier (width 0) is always aligned.
 *
 * <p>For fixed steps "aligned" reduces to {@code step % width == 0}. For {@code 1d}/{@code 1w} in a
 * zone it means every local midnight in the range falls on a tier boundary: a 1d tier only in zones
 * at UTC+0 all year, 1h in Europe/Berlin (DST days are 23h/25h), 30m in Asia/Kolkata.
 */
public final class TierChooser {

  private TierChooser() {}

  /**
   * Chooses a tier.
   *
   * @param rawOnly true when the aggregation needs raw points (gauge quantiles, raw reads)
   */
  public static Tier choose(
      List<Tier> tiers,
      Bucketing bucketing,
      Instant from,
      Instant to,
      Instant now,
      boolean rawOnly) {
    List<Tier> aligned =
        tiers.stream()
            .filter(t -> t.isRaw() || (!rawOnly && aligned(t, bucketing, from, to)))
            .toList();
    if (aligned.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot choose tier: no raw tier and no tier aligned to the step [step="
              + bucketing.step()
              + "]");
    }
    Optional<Tier> covering =
        aligned.stream().filter(t -> covers(t, from, now)).max(Comparator.comparing(Tier::width));
    return covering.orElseGet(
        () ->
            aligned.stream()
                .max(
                    Comparator.comparing((Tier t) -> t.retention().orElseThrow())
                        .thenComparing(Tier::width))
                .orElseThrow());
  }

  static boolean covers(Tier t, Instant from, Instant now) {
    return t.retention().map(r -> !now.minus(r).isAfter(from)).orElse(true);
  }

  static boolean aligned(Tier t, Bucketing bucketing, Instant from, Instant to) {
    long width = t.width().toMillis();
    if (width <= 0) {
      return true;
    }
    if (bucketing.step() instanceof Step.Fixed) {
      long step = ((Step.Fixed) bucketing.step()).width().toMillis();
      return step % width == 0;
    }
    long end = to.toEpochMilli();
    for (long b = from.toEpochMilli(); b < end; b = bucketing.next(b)) {
      if (Math.floorMod(b, width) != 0) {
        return false;
      }
    }
    return Math.floorMod(end, width) == 0;
  }
}
