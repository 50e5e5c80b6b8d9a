package dev.tidemark.server.releases.compare;

import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ReleaseReader;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every service on a schedule ({@code releases.scoring.interval}, daily by default, at
 * aligned times): its newest release against its baseline, which also checks dependency drift
 * against every version seen since. A comparison whose input has not changed is reused, but its
 * scores are still kept as a point of the day in {@code tidemark_release_quality_score}, so the
 * series can be trended and the built-in rules see a drop the day it happens.
 */
public final class DailyScoring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DailyScoring.class);

  private final Storage storage;
  private final Comparer comparer;
  private final ScoreSeries series;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tidemark-daily-scoring");
            t.setDaemon(true);
            return t;
          });

  public DailyScoring(
      Storage storage, Comparer comparer, ScoreSeries series, Duration interval, Clock clock) {
    this.storage = storage;
    this.comparer = comparer;
    this.series = series;
    this.interval = interval;
    this.clock = clock;
  }

  /** Runs at every multiple of the interval since the epoch (midnight UTC for a day). */
  public DailyScoring start() {
    long every = interval.toMillis();
    long delay = every - Math.floorMod(clock.millis(), every);
    timer.scheduleAtFixedRate(this::runLogged, delay, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void runLogged() {
    try {
      LOG.info("daily scoring done [services={}]", runOnce().size());
    } catch (Exception | Error e) {
      LOG.warn("cannot score services: {}", e.toString());
    }
  }

  /** Scores every service now; its newest release's scores by service. Blocking. */
  public Map<String, JsonObject> runOnce() throws Exception {
    JsonArray releases = storage.database().withConnection(c -> ReleaseReader.list(c, null));
    Map<String, String> newest = new LinkedHashMap<>(); // oldest first: the last one stays
    for (Object o : releases) {
      JsonObject r = (JsonObject) o;
      newest.put(r.getString("service"), r.getString("version"));
    }
    long now = clock.millis();
    long slot = Math.floorDiv(now, interval.toMillis());
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : newest.entrySet()) {
      try {
        JsonObject c =
            comparer.compare(
                new ComparisonRequest(
                    e.getKey(),
                    e.getValue(),
                    null,
                    List.of(),
                    comparer.thresholdPct(),
                    comparer.alpha()),
                true);
        series.record(c, now, "tidemark-daily-scoring/" + e.getKey(), slot);
        out.put(e.getKey(), c);
      } catch (IllegalArgumentException noBaseline) {
        // a service with one release has nothing to compare with yet
      }
    }
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
