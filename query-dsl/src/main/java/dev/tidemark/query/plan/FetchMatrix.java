package dev.tidemark.query.plan;

import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesDiff;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every fetch the planner can ask of one metric — each aggregation its kind allows, for each step,
 * zone and grouping, with the range widened and the tier chosen as the planner would — so a storage
 * implementation can be checked against the oracle with {@link SeriesDiff}.
 */
public final class FetchMatrix {

  private FetchMatrix() {}

  /** The aggregations a metric of this kind supports (NONE only for gauges and counters). */
  public static Set<Aggregation> aggregations(MetricKind kind) {
    if (kind == MetricKind.HISTOGRAM) {
      return EnumSet.of(
          Aggregation.AVG,
          Aggregation.MIN,
          Aggregation.MAX,
          Aggregation.SUM,
          Aggregation.COUNT,
          Aggregation.QUANTILE);
    }
    return EnumSet.allOf(Aggregation.class);
  }

  /** All fetches for a metric over {@code [from, to)}; quantiles use q = 0.5, 0.95 and 0.99. */
  public static List<SeriesFetch> of(
      String metric,
      MetricKind kind,
      List<LabelMatcher> matchers,
      Instant from,
      Instant to,
      Instant now,
      List<Tier> tiers,
      List<Step> steps,
      List<ZoneId> zones,
      List<Grouping> groupings) {
    List<SeriesFetch> out = new ArrayList<>();
    for (Grouping g : groupings) {
      for (Aggregation agg : aggregations(kind)) {
        if (agg == Aggregation.NONE) {
          out.add(
              new SeriesFetch(
                  metric,
                  kind,
                  matchers,
                  from,
                  to,
                  Optional.empty(),
                  TierChooser.choose(
                      tiers, Bucketing.of(steps.get(0), zones.get(0)), from, to, now, true),
                  agg,
                  Double.NaN,
                  g));
          continue;
        }
        for (Step s : steps) {
          for (ZoneId z : zones) {
            Bucketing b = Bucketing.of(s, z);
            Instant wf = Instant.ofEpochMilli(b.startOf(from.toEpochMilli()));
            Instant wt = Instant.ofEpochMilli(b.next(b.startOf(to.toEpochMilli() - 1)));
            boolean rawOnly = agg == Aggregation.QUANTILE && kind != MetricKind.HISTOGRAM;
            Tier tier = TierChooser.choose(tiers, b, wf, wt, now, rawOnly);
            double[] qs =
                agg == Aggregation.QUANTILE
                    ? new double[] {0.5, 0.95, 0.99}
                    : new double[] {Double.NaN};
            for (double q : qs) {
              out.add(
                  new SeriesFetch(metric, kind, matchers, wf, wt, Optional.of(b), tier, agg, q, g));
            }
          }
        }
      }
    }
    return out;
  }
}
