package dev.tidemark.server.releases.compare;

import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.ingest.IngestSink;
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

  /** As the configuration says ({@code releases.*}); scores go through {@code sink}. */
  public static Comparer of(Storage storage, Config config, IngestSink sink) {
    return new Comparer(
        storage,
        new Comparisons(
            config.string(ConfigKey.RELEASES_CRITICAL_OPERATIONS),
            config.string(ConfigKey.RELEASES_LICENSES_DENY)),
        new ScoreSeries(sink),
        number(config, ConfigKey.RELEASES_REGRESSION_THRESHOLD, 0, 1000),
        number(config, ConfigKey.RELEASES_ALPHA, 0, 1));
  }

  private static double number(Config config, ConfigKey key, double above, double below) {
    String raw = config.string(key);
    try {
      double v = Double.parseDouble(raw);
      if (v > above && v < below) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "cannot use "
            + key.key()
            + ": expected a number between "
            + above
            + " and "
            + below
            + " (exclusive) [value="
            + raw
            + "]");
  }

  public ScoreSeries series() {
    return series;
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
