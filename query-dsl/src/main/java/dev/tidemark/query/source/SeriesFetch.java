package dev.tidemark.query.source;

import dev.tidemark.query.time.Bucketing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner asks a storage layer for: the series of {@code metric} matching every matcher,
 * restricted to points with {@code from <= ts < to}, grouped by {@code grouping}, bucketed by
 * {@code bucketing} and reduced with {@code aggregation} (see {@link Aggregation} for exact
 * semantics), read from {@code tier}.
 *
 * <p>For bucketed fetches the planner has already widened {@code from} and {@code to} to bucket
 * boundaries, so every bucket is whole and every bucket boundary is aligned to the tier's width
 * (tier buckets never straddle two result buckets). Each returned point's time is its bucket start;
 * buckets without points are omitted. Series without points are omitted. Order of series does not
 * matter; points are ascending.
 *
 * @param quantile the q for {@link Aggregation#QUANTILE}, NaN otherwise
 * @param bucketing empty exactly when {@code aggregation} is {@link Aggregation#NONE}
 */
public record SeriesFetch(
    String metric,
    MetricKind kind,
    List<LabelMatcher> matchers,
    Instant from,
    Instant to,
    Optional<Bucketing> bucketing,
    Tier tier,
    Aggregation aggregation,
    double quantile,
    Grouping grouping) {

  public SeriesFetch {
    matchers = List.copyOf(matchers);
  }

  /** Whether a series with these labels is selected. */
  public boolean selects(Map<String, String> labels) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
