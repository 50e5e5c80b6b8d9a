package dev.tidemark.server.releases.compare;

import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.storage.Storage;

/**
 * Runs a comparison in its own transaction and keeps the scores of a new one as a series: what
 * {@code POST /api/comparisons} and a snapshot's reply share. Blocking: call on a worker.
 */
public final class Comparer {
  private final Storage storage;
  private final Comparisons comparisons;
  private final ScoreSeries series;
  private final double thresholdPct;
  private final double alpha;

  public Comparer(
      Storage storage,
      Comparisons comparisons,
      ScoreSeries series,
      double thresholdPct,
      double alpha) {
    this.storage = storage;
    this.comparisons = comparisons;
    this.series = series;
    this.thresholdPct = thresholdPct;
    this.alpha = alpha;
  }

  public double thresholdPct() {
    return thresholdPct;
  }

  public double alpha() {
    return alpha;
  }

  /** The comparison, with {@code id} and {@code reused}. */
  public JsonObject compare(ComparisonRequest req, boolean reuse) throws Exception {
    JsonObject r = storage.database().inTransaction(c -> comparisons.compare(c, req, reuse));
    if (!r.getBoolean("reused", false)) {
      series.record(r, System.currentTimeMillis());
    }
    return r;
  }
}
