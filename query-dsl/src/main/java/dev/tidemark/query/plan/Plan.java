package dev.tidemark.query.plan;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.time.Bucketing;
import java.time.Instant;
import java.util.List;

/** What the evaluator executes. */
public sealed interface Plan {

  /**
   * A series expression over {@code [from, to)} (already widened to whole buckets), then analyses.
   */
  record Series(
      PlanNode root, Instant from, Instant to, Bucketing bucketing, List<Analysis> analyses)
      implements Plan {
    public Series {
      analyses = List.copyOf(analyses);
    }
  }

  /**
   * A release comparison: each fetch's points, per group, are one release's runs.
   *
   * @param threshold relative, e.g. 0.05
   */
  record Compare(
      String metric,
      String baseline,
      String candidate,
      SeriesFetch baselineFetch,
      SeriesFetch candidateFetch,
      List<String> groupLabels,
      double threshold,
      double alpha,
      Direction direction)
      implements Plan {
    public Compare {
      groupLabels = List.copyOf(groupLabels);
    }
  }
}
