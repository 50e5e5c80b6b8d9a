package dev.tidemark.query.analysis;

/** What a release comparison concludes for one metric and operation. */
public enum Verdict {
  REGRESSION,
  IMPROVEMENT,
  NO_CHANGE,
  NEEDS_MORE_RUNS
}
