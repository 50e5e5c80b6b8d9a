package dev.tidemark.server.storage.tier;

import dev.tidemark.server.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tiers, finest first, and the rules that keep them safe. Each rollup tier is refreshed over
 * the window {@code [now - refreshStart, now - refreshEnd)}: {@code refreshStart = late window + 3
 * × width} (late samples still reach it; TimescaleDB needs two buckets or more in a window), {@code
 * refreshEnd = width} (no half-filled bucket is stored).
 *
 * <p>Rules, checked whenever tiers or retention change:
 *
 * <ol>
 *   <li>Each tier's width is a whole multiple of the width before it.
 *   <li>A refresh window never reaches into dropped source data: the tier a rollup reads is kept
 *       longer than that rollup's refresh start.
 *   <li>Compression (TimescaleDB) starts after the first rollup's refresh window.
 * </ol>
 */
public final class TierPlan {
  /** The fixed column names of the raw tables every tier mirrors. */
  public static final List<String> RAW_TABLES =
      List.of("samples", "histograms", "histogram_buckets");

  private static final Pattern TIER_NAME = Pattern.compile("[1-9][0-9]*[smhd]");

  private final List<Tier> tiers;
  private final Duration lateWindow;
  private final Duration compressAfter;

  private TierPlan(List<Tier> tiers, Duration lateWindow, Duration compressAfter) {
    this.tiers = List.copyOf(tiers);
    this.lateWindow = lateWindow;
    this.compressAfter = compressAfter;
  }

  /** Parses {@code raw:14d,1m:30d,1h:1y,1d:forever}; throws naming the broken rule. */
  public static TierPlan parse(String spec, Duration lateWindow, Duration compressAfter) {
    List<Tier> tiers = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split(":", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "cannot parse tiers: \"" + part.trim() + "\" is not <tier>:<retention>");
      }
      String name = kv[0].trim();
      Duration width;
      if (tiers.isEmpty()) {
        if (!name.equals(Tier.RAW)) {
          throw new IllegalArgumentException("cannot parse tiers: the first tier must be raw");
        }
        width = Duration.ZERO;
      } else {
        if (!TIER_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "cannot parse tiers: tier \"" + name + "\" is not a width like 1m, 5m, 1h or 1d");
        }
        width = Durations.parse(name);
      }
      tiers.add(new Tier(name, width, parseRetention(name, kv[1])));
    }
    TierPlan plan = new TierPlan(tiers, lateWindow, compressAfter);
    plan.check();
    return plan;
  }

  static Optional<Duration> parseRetention(String tier, String text) {
    String t = text.trim();
    if (t.equals("forever") || t.equals("inf")) {
      return Optional.empty();
    }
    try {
      Duration d = Durations.parse(t);
      if (d.isZero()) {
        throw new IllegalArgumentException("retention must be positive");
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot set retention of tier " + tier + ": " + e.getMessage() + " (or \"forever\")", e);
    }
  }

  /** A copy with some retentions changed, checked; unknown tiers are refused by name. */
  public TierPlan withRetention(Map<String, String> changes) {
    List<Tier> next = new ArrayList<>(tiers);
    changes.forEach(
        (name, value) -> {
          int i = indexOf(name);
          if (i < 0) {
            throw new IllegalArgumentException(
                "cannot set retention: unknown tier " + name + "; tiers are " + names());
          }
          next.set(i, next.get(i).withRetention(parseRetention(name, value)));
        });
    TierPlan plan = new TierPlan(next, lateWindow, compressAfter);
    plan.check();
    return plan;
  }

  private void check() {
    if (tiers.isEmpty() || !tiers.get(0).isRaw()) {
      throw new IllegalArgumentException("cannot use tiers: the first tier must be raw");
    }
    for (int i = 1; i < tiers.size(); i++) {
      Tier source = tiers.get(i - 1);
      Tier tier = tiers.get(i);
      if (!source.isRaw() && tier.width().toMillis() % source.width().toMillis() != 0) {
        throw new IllegalArgumentException(
            "cannot use tier "
                + tier.name()
                + ": its width is not a multiple of "
                + source.name()
                + " (rule 1: each width is a whole multiple of the one before)");
      }
      if (!source.isRaw() && tier.width().compareTo(source.width()) <= 0) {
        throw new IllegalArgumentException(
            "cannot use tier " + tier.name() + ": it must be coarser than " + source.name());
      }
      Duration start = refreshStart(tier);
      if (source.retention().isPresent() && source.retention().get().compareTo(start) <= 0) {
        throw new IllegalArgumentException(
            "cannot set retention: "
                + source.name()
                + "="
                + source.retentionText()
                + " would drop "
                + source.name()
                + " data inside the refresh window of tier "
                + tier.name()
                + " [start_offset="
                + Durations.format(start)
                + "] (rule 2: keep "
                + source.name()
                + " longer than "
                + Durations.format(start)
                + ")");
      }
    }
    if (tiers.size() > 1) {
      Duration start = refreshStart(tiers.get(1));
      if (compressAfter.compareTo(start) <= 0) {
        throw new IllegalArgumentException(
            "cannot set storage.compress.after="
                + Durations.format(compressAfter)
                + ": compression must start after the refresh window of tier "
                + tiers.get(1).name()
                + " [start_offset="
                + Durations.format(start)
                + "] (rule 3)");
      }
    }
  }

  public Duration refreshStart(Tier tier) {
    return lateWindow.plus(tier.width().multipliedBy(3));
  }

  /**
   * Samples older than this miss the first rollup's refresh window: they are noted as late and
   * refreshed by the maintenance pass. Empty when there are no rollups.
   */
  public java.util.Optional<Duration> lateAfter() {
    return rollups().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(refreshStart(rollups().get(0)));
  }

  public Duration refreshEnd(Tier tier) {
    return tier.width();
  }

  public List<Tier> tiers() {
    return tiers;
  }

  public Tier raw() {
    return tiers.get(0);
  }

  public List<Tier> rollups() {
    return tiers.subList(1, tiers.size());
  }

  public Tier sourceOf(Tier tier) {
    return tiers.get(indexOf(tier.name()) - 1);
  }

  public Optional<Tier> tier(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(tiers.get(i));
  }

  public Duration compressAfter() {
    return compressAfter;
  }

  /** Name → retention text, finest first. */
  public Map<String, String> retention() {
    Map<String, String> out = new LinkedHashMap<>();
    tiers.forEach(t -> out.put(t.name(), t.retentionText()));
    return out;
  }

  private int indexOf(String name) {
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private String names() {
    return String.join(", ", tiers.stream().map(Tier::name).toList());
  }
}
