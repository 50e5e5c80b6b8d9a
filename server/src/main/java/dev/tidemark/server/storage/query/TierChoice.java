package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tiers a bucketed fetch reads, and over which times. The tier is the planner's unless the
 * rollups cannot answer the fetch exactly ({@link #source}); it is read for the result buckets it
 * holds for sure ({@link QueryTiers#lag}), and the newest buckets after them come from each finer
 * rollup as far as it holds them and from raw for the last minutes. At a 10 s interval the two or
 * three hours the 1h rollup lags behind are as many raw rows as the 30 days before them in it; the
 * 1m rollup lags three minutes.
 */
final class TierChoice {
  /**
   * A fetch's reads: {@code chosen} over {@code [from, cut)} (nothing when {@code cut} is not after
   * the fetch's start), then {@code recent}, newest last.
   */
  record Reads(Tier chosen, Instant cut, List<FetchSql.Slice> recent) {}

  private final TierPlan plan;
  private final Flavor flavor;
  private final Duration maintenance;
  private final Instant now;

  TierChoice(TierPlan plan, Flavor flavor, Duration maintenance, Instant now) {
    this.plan = plan;
    this.flavor = flavor;
    this.maintenance = maintenance;
    this.now = now;
  }

  Reads reads(SeriesFetch f, Bucketing b) {
    List<Tier> sources = sources(f, b);
    Tier chosen = sources.get(0);
    Instant to = f.to();
    if (chosen.isRaw()) {
      return new Reads(chosen, to, List.of());
    }
    Instant start = f.from();
    Instant cut = Instant.ofEpochMilli(b.startOf(now.minus(lag(chosen)).toEpochMilli()));
    if (cut.isAfter(start)) {
      start = cut.isBefore(to) ? cut : to;
    }
    Instant chosenEnd = start;
    List<FetchSql.Slice> recent = new ArrayList<>();
    for (Tier tier : sources.subList(1, sources.size())) {
      if (!start.isBefore(to)) {
        break;
      }
      Instant end = to;
      if (!tier.isRaw()) {
        if (!covers(tier, start)) {
          continue; // a finer rollup that no longer keeps these buckets
        }
        long width = tier.width().toMillis();
        long held = Math.floorDiv(now.minus(lag(tier)).toEpochMilli(), width) * width;
        end = held < to.toEpochMilli() ? Instant.ofEpochMilli(held) : to;
      }
      if (end.isAfter(start)) {
        recent.add(new FetchSql.Slice(tier, start, end));
        start = end;
      }
    }
    return new Reads(chosen, chosenEnd, recent);
  }

  /** The tier to read: the planner's, unless the rollups cannot answer the fetch exactly. */
  Tier source(SeriesFetch f, Bucketing b) {
    Tier raw = plan.raw();
    if (f.tier().isRaw()) {
      return raw;
    }
    boolean histogram = f.kind() == MetricKind.HISTOGRAM;
    Aggregation agg = f.aggregation();
    if (!histogram
        && (agg == Aggregation.INCREASE
            || agg == Aggregation.RATE
            || agg == Aggregation.QUANTILE)) {
      return raw;
    }
    Tier tier = plan.tier(f.tier().name()).orElse(raw);
    return aligned(tier, b, f.from(), f.to()) ? tier : raw;
  }

  static boolean aligned(Tier tier, Bucketing b, Instant from, Instant to) {
    long width = tier.width().toMillis();
    if (tier.isRaw() || width <= 0) {
      return true;
    }
    if (b.step() instanceof Step.Fixed fixed) {
      return fixed.width().toMillis() % width == 0;
    }
    long end = to.toEpochMilli();
    for (long t = from.toEpochMilli(); t < end; t = b.next(t)) {
      if (Math.floorMod(t, width) != 0) {
        return false;
      }
    }
    return Math.floorMod(end, width) == 0;
  }

  /**
   * The tiers to read, in order: the one chosen ({@link #source}), the finer rollups, coarsest
   * first (each width divides the one after it, so they are aligned to the step wherever the chosen
   * one is), and raw last.
   */
  private List<Tier> sources(SeriesFetch f, Bucketing b) {
    Tier chosen = source(f, b);
    List<Tier> out = new ArrayList<>();
    out.add(chosen);
    if (!chosen.isRaw()) {
      List<Tier> rollups = plan.rollups();
      for (int i = rollups.indexOf(chosen) - 1; i >= 0; i--) {
        if (aligned(rollups.get(i), b, f.from(), f.to())) {
          out.add(rollups.get(i));
        }
      }
      out.add(plan.raw());
    }
    return out;
  }

  private Duration lag(Tier tier) {
    return QueryTiers.lag(plan, tier.name(), flavor, maintenance);
  }

  /** Whether a rollup still keeps the bucket at {@code start} (retention). */
  private boolean covers(Tier tier, Instant start) {
    return tier.retention().map(keep -> !now.minus(keep).isAfter(start)).orElse(true);
  }
}
