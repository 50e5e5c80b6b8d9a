package dev.tidemark.server.promapi;

import dev.tidemark.server.BuildInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/status/buildinfo} (the Prometheus version Tidemark answers as, Tidemark's own
 * version and git commit), {@code /status/runtimeinfo} and {@code /metadata} (metric metadata from
 * remote_write, shaped as Prometheus shapes it: {@code {metric: [{type, help, unit}]}}).
 */
final class StatusEndpoints {
  private final MetadataStore metadata;
  private final Clock clock;
  private final Instant started;

  StatusEndpoints(MetadataStore metadata, Clock clock) {
    this.metadata = metadata;
    this.clock = clock;
    this.started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  static void buildInfo(RoutingContext ctx) {
    BuildInfo build = BuildInfo.current();
    JsonObject info =
        new JsonObject()
            .put("version", PromApi.PROMETHEUS_VERSION)
            .put("revision", build.revision())
            .put("branch", build.branch())
            .put("buildUser", "tidemark")
            .put("buildDate", build.date())
            .put("goVersion", "none (Tidemark, Java " + Runtime.version() + ")")
            .put("application", "tidemark")
            .put("tidemarkVersion", build.version());
    PromResponses.success(ctx, info.encode());
  }

  void runtimeInfo(RoutingContext ctx) {
    JsonObject info =
        new JsonObject()
            .put("startTime", started.toString())
            .put("CWD", Path.of("").toAbsolutePath().toString())
            .put("reloadConfigSuccess", true)
            .put("lastConfigTime", started.toString())
            .put("corruptionCount", 0)
            .put("goroutineCount", Thread.activeCount())
            .put("GOMAXPROCS", Runtime.getRuntime().availableProcessors())
            .put("GOMEMLIMIT", Runtime.getRuntime().maxMemory())
            .put("GOGC", "")
            .put("GODEBUG", "")
            .put("storageRetention", "see /api/retention")
            .put("serverTime", Instant.ofEpochMilli(clock.millis()).toString());
    PromResponses.success(ctx, info.encode());
  }

  /** {@code metric} narrows to one family; {@code limit} caps the families (Prometheus' params). */
  void metadata(RoutingContext ctx) {
    if (metadata == null) {
      PromResponses.success(ctx, "{}");
      return;
    }
    String metric = ctx.request().params().get("metric");
    String limitText = ctx.request().params().get("limit");
    int limit;
    try {
      limit = limitText == null || limitText.isBlank() ? -1 : Integer.parseInt(limitText.trim());
    } catch (NumberFormatException e) {
      PromResponses.badData(
          ctx, "cannot parse parameter \"limit\": not a number [limit=" + limitText + "]");
      return;
    }
    metadata
        .read(metric == null || metric.isEmpty() ? null : metric)
        .onSuccess(
            all -> {
              Map<String, JsonArray> byMetric = new TreeMap<>();
              for (MetricMetadata m : all) {
                if (limit >= 0 && byMetric.size() >= limit && !byMetric.containsKey(m.metric())) {
                  break;
                }
                byMetric
                    .computeIfAbsent(m.metric(), k -> new JsonArray())
                    .add(
                        new JsonObject()
                            .put("type", m.type())
                            .put("help", m.help())
                            .put("unit", m.unit()));
              }
              JsonObject out = new JsonObject();
              byMetric.forEach(out::put);
              PromResponses.success(ctx, out.encode());
            })
        .onFailure(t -> PromResponses.failure(ctx, t));
  }
}
