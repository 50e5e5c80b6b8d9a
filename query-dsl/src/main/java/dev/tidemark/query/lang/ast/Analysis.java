package dev.tidemark.query.lang.ast;

import java.time.Duration;
import java.util.Optional;

/** An analysis stage after {@code |}. */
public sealed interface Analysis extends Node {

  /** {@code trend [forecast N]}. */
  record Trend(int forecast, int pos) implements Analysis {}

  /**
   * {@code anomalies [zscore|ewma] [threshold X] [seasonal D]}.
   *
   * @param threshold NaN for the method's default
   */
  record Anomalies(AnomalyMethod method, double threshold, Optional<Duration> season, int pos)
      implements Analysis {}

  /** {@code changepoints [pvalue P] [magnitude M%] [min_segment N]}. */
  record ChangePoints(double pValue, double minMagnitude, int minSegment, int pos)
      implements Analysis {}

  /** Anomaly scoring methods. */
  enum AnomalyMethod {
    ZSCORE,
    EWMA
  }
}
