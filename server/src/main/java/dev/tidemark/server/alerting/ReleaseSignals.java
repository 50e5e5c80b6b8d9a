package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.OutputSample;
import dev.tidemark.alerting.eval.SampleSink;
import dev.tidemark.server.storage.alerting.SqlReleaseSignals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every service's newest release comparison into series the release rule pack alerts on,
 * written through the write-ahead log once a minute (so the score is also a series to trend and
 * chart):
 *
 * <ul>
 *   <li>{@code tidemark_release_quality_score{service,release,profile}}
 *   <li>{@code tidemark_release_quality_score_change{service,release,baseline,profile}} — the score
 *       minus the score of the service's comparison before
 *   <li>{@code tidemark_release_blocking_regressions{service,release,baseline}}
 *   <li>{@code tidemark_release_new_critical_vulnerabilities{service,release}}
 *   <li>{@code tidemark_release_high_drift_dependencies{service,release}}
 * </ul>
 *
 * When a newer comparison lands, the older release's series end with staleness markers, so its
 * alerts resolve.
 */
final class ReleaseSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseSignals.class);

  private final SqlReleaseSignals source;
  private final SampleSink sink;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tidemark-release-signals");
            t.setDaemon(true);
            return t;
          });
  private Map<Map<String, String>, String> previous = new HashMap<>();

  ReleaseSignals(SqlReleaseSignals source, SampleSink sink) {
    this.source = source;
    this.sink = sink;
  }

  void start() {
    timer.scheduleAtFixedRate(
        () -> {
          try {
            publish(System.currentTimeMillis());
          } catch (Exception e) {
            LOG.warn("cannot publish release signals: {}", e.getMessage());
          }
        },
        0,
        1,
        TimeUnit.MINUTES);
  }

  /** Reads the newest comparisons and writes their series at {@code now}. Blocking. */
  synchronized List<OutputSample> publish(long now) throws Exception {
    List<OutputSample> out = new ArrayList<>();
    for (SqlReleaseSignals.Latest l : source.latest()) {
      Map<String, Double> scores = scores(l.result());
      Map<String, Double> before = l.previous() == null ? Map.of() : scores(l.previous());
      for (Map.Entry<String, Double> e : scores.entrySet()) {
        out.add(
            sample(
                "tidemark_release_quality_score",
                now,
                e.getValue(),
                "service",
                l.service(),
                "release",
                l.release(),
                "profile",
                e.getKey()));
        Double old = before.get(e.getKey());
        if (old != null) {
          out.add(
              sample(
                  "tidemark_release_quality_score_change",
                  now,
                  e.getValue() - old,
                  "service",
                  l.service(),
                  "release",
                  l.release(),
                  "baseline",
                  l.baseline(),
                  "profile",
                  e.getKey()));
        }
      }
      Integer blocking = l.result().getInteger("blocking_regressions");
      out.add(
          sample(
              "tidemark_release_blocking_regressions",
              now,
              blocking == null ? 0 : blocking,
              "service",
              l.service(),
              "release",
              l.release(),
              "baseline",
              l.baseline()));
      out.add(
          sample(
              "tidemark_release_new_critical_vulnerabilities",
              now,
              newCritical(l.result()),
              "service",
              l.service(),
              "release",
              l.release()));
      JsonObject drift = l.result().getJsonObject("drift");
      Integer high = drift == null ? null : drift.getInteger("high");
      out.add(
          sample(
              "tidemark_release_high_drift_dependencies",
              now,
              high == null ? 0 : high,
              "service",
              l.service(),
              "release",
              l.release()));
    }
    Map<Map<String, String>, String> current = new HashMap<>();
    for (OutputSample s : out) {
      current.put(s.labels(), s.metric());
    }
    List<OutputSample> all = new ArrayList<>(out);
    previous.forEach(
        (labels, metric) -> {
          if (!current.containsKey(labels)) {
            all.add(new OutputSample(metric, labels, now, Double.NaN, true));
          }
        });
    if (!all.isEmpty()) {
      sink.write(all);
    }
    previous = current;
    return all;
  }

  private static Map<String, Double> scores(JsonObject result) {
    Map<String, Double> out = new HashMap<>();
    JsonArray all = result.getJsonArray("quality_scores");
    if (all == null && result.getJsonObject("quality_score") != null) {
      all = new JsonArray().add(result.getJsonObject("quality_score"));
    }
    if (all != null) {
      for (Object o : all) {
        if (o instanceof JsonObject s && s.getValue("score") instanceof Number n) {
          out.put(s.getString("profile", "release"), n.doubleValue());
        }
      }
    }
    return out;
  }

  private static int newCritical(JsonObject result) {
    JsonObject security = result.getJsonObject("security");
    JsonArray vulns = security == null ? null : security.getJsonArray("vulnerabilities");
    int n = 0;
    if (vulns != null) {
      for (Object o : vulns) {
        if (o instanceof JsonObject v
            && Boolean.TRUE.equals(v.getBoolean("new"))
            && "critical"
                .equals(String.valueOf(v.getString("severity")).toLowerCase(Locale.ROOT))) {
          n++;
        }
      }
    }
    return n;
  }

  private static OutputSample sample(String metric, long t, double v, String... labels) {
    Map<String, String> m = new HashMap<>();
    m.put("__name__", metric);
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return new OutputSample(metric, m, t, v, false);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
