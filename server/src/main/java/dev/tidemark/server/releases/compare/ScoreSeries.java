package dev.tidemark.server.releases.compare;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.ingest.IngestSink;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every new comparison's quality scores as a series, {@code
 * tidemark_release_quality_score{service, release, profile}}, written through the ingest path (the
 * write-ahead log, then storage) like any sample, so scores can be trended and graphed over
 * releases. The batch id is the comparison's id: a score is stored once. The server's own {@code
 * tidemark_*} series are never a release's runs.
 */
public final class ScoreSeries {
  public static final String METRIC = "tidemark_release_quality_score";
  private static final Logger LOG = LoggerFactory.getLogger(ScoreSeries.class);

  private final IngestSink sink;

  public ScoreSeries(IngestSink sink) {
    this.sink = sink;
  }

  /** Blocking (a WAL append): call on a worker. A full WAL loses the point, not the comparison. */
  public void record(JsonObject comparison, long nowMs) {
    record(comparison, nowMs, "tidemark-releases", comparison.getLong("id"));
  }

  /**
   * The scores again at {@code nowMs} under a batch id of the caller's: the daily scoring keeps a
   * point a day even when the comparison itself is reused.
   */
  public void record(JsonObject comparison, long nowMs, String agent, long batch) {
    List<Sample> samples = new ArrayList<>();
    String service = comparison.getString("service");
    String release = comparison.getJsonObject("candidate").getString("version");
    for (Object o : comparison.getJsonArray("quality_scores")) {
      JsonObject s = (JsonObject) o;
      samples.add(
          new Sample(
              METRIC,
              Labels.of("service", service, "release", release, "profile", s.getString("profile")),
              nowMs,
              s.getDouble("score")));
    }
    try {
      sink.append(new Batch(agent, batch, samples, List.of()));
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record quality score of comparison {}: {}",
          comparison.getLong("id"),
          e.toString());
    }
  }
}
