package dev.tidemark.alerting.eval;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one scheduled group, for {@code /metrics} and {@code /api/v1/rules}. */
public final class GroupStats {
  final AtomicLong evaluations = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong missed = new AtomicLong();
  volatile long lastEvaluation;
  volatile double lastSeconds;

  public long evaluations() {
    return evaluations.get();
  }

  /** Rule evaluations that failed. */
  public long failures() {
    return failures.get();
  }

  /** Evaluation times skipped because the previous evaluation ran past them. */
  public long missed() {
    return missed.get();
  }

  public long lastEvaluation() {
    return lastEvaluation;
  }

  public double lastSeconds() {
    return lastSeconds;
  }
}
