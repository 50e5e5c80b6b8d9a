package dev.tidemark.server.traces;

import dev.tidemark.protocol.Span;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.traces.SpanStore;
import dev.tidemark.traces.otlp.TraceEncoder;
import dev.tidemark.traces.search.SearchSyntaxException;
import dev.tidemark.traces.search.SpanQuery;
import dev.tidemark.traces.search.TraceQl;
import dev.tidemark.traces.search.TraceSummary;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search half of the Tempo-shaped API, answering what Grafana's Tempo datasource sends: {@code
 * /api/echo} (Save &amp; Test), {@code /api/status/buildinfo}, {@code /api/search} (TraceQL {@code
 * q=} in the subset {@link TraceQl} reads, or the older {@code tags=} logfmt with {@code
 * minDuration}/{@code maxDuration}), {@code /api/search/tags}, {@code /api/v2/search/tags}, and the
 * values of a tag ({@code /api/search/tag/{tag}/values}, {@code /api/v2/…}).
 */
public final class TempoEndpoints {
  private static final int TAG_SAMPLE = 5_000;
  private static final int MAX_VALUES = 1_000;
  private static final List<String> INTRINSICS = List.of("duration", "kind", "name", "status");

  private final SpanStore store;

  public TempoEndpoints(SpanStore store) {
    this.store = store;
  }

  public void mount(Router router, Handler<RoutingContext> readAuth) {
    router.get("/api/echo").handler(ctx -> ctx.response().end("echo"));
    router
        .get("/api/status/buildinfo")
        .handler(
            ctx ->
                TraceEndpoints.json(
                    ctx,
                    new JsonObject()
                        .put("version", "2.6.0")
                        .put("revision", "tidemark")
                        .put("branch", "")
                        .put("buildUser", "")
                        .put("buildDate", "")
                        .put("goVersion", "")));
    router.get("/api/search").handler(readAuth).handler(this::search);
    router.get("/api/search/tags").handler(readAuth).handler(this::tags);
    router.get("/api/v2/search/tags").handler(readAuth).handler(this::tagsV2);
    router.get("/api/search/tag/:tag/values").handler(readAuth).handler(ctx -> values(ctx, false));
    router
        .get("/api/v2/search/tag/:tag/values")
        .handler(readAuth)
        .handler(ctx -> values(ctx, true));
  }

  private void search(RoutingContext ctx) {
    SpanQuery query;
    try {
      SpanQuery.Builder b =
          SpanQuery.builder()
              .from(TraceParams.time(ctx, "start"))
              .to(TraceParams.time(ctx, "end"))
              .limit(TraceParams.limit(ctx, 20));
      String q = ctx.request().getParam("q");
      if (q != null && !q.isBlank()) {
        TraceQl.parse(q, b);
      } else {
        tags(ctx.request().getParam("tags"), b);
        Long min = TraceParams.durationNanos(ctx, "minDuration");
        Long max = TraceParams.durationNanos(ctx, "maxDuration");
        b.minDurationNanos(min).maxDurationNanos(max);
      }
      query = b.build();
    } catch (IllegalArgumentException | SearchSyntaxException e) {
      Errors.respond(ctx, 400, e.getMessage());
      return;
    }
    TraceEndpoints.blocking(
        ctx,
        () -> store.search(query),
        traces -> {
          JsonArray out = new JsonArray();
          for (TraceSummary t : traces) {
            JsonArray spans = new JsonArray();
            for (Span s : t.matched()) {
              spans.add(
                  new JsonObject()
                      .put("spanID", s.spanId())
                      .put("name", s.operation())
                      .put("startTimeUnixNano", Long.toString(s.startNanos()))
                      .put("durationNanos", Long.toString(s.durationNanos()))
                      .put(
                          "attributes",
                          new JsonArray(
                              TraceEncoder.jsonAttributes(Map.of("service.name", s.service())))));
            }
            JsonObject spanSet = new JsonObject().put("spans", spans).put("matched", spans.size());
            out.add(
                new JsonObject()
                    .put("traceID", t.traceId())
                    .put("rootServiceName", t.rootService())
                    .put("rootTraceName", t.rootOperation())
                    .put("startTimeUnixNano", Long.toString(t.startNanos()))
                    .put("durationMs", t.durationNanos() / 1_000_000)
                    .put("spanSet", spanSet)
                    .put("spanSets", new JsonArray().add(spanSet)));
          }
          TraceEndpoints.json(
              ctx,
              new JsonObject()
                  .put("traces", out)
                  .put(
                      "metrics",
                      new JsonObject()
                          .put("inspectedTraces", out.size())
                          .put("completedJobs", 1)
                          .put("totalJobs", 1)));
        });
  }

  /** Tempo's {@code tags=} logfmt: {@code service.name=shop name="GET /" status.code=error}. */
  private static void tags(String logfmt, SpanQuery.Builder b) {
    if (logfmt == null || logfmt.isBlank()) {
      return;
    }
    StringBuilder traceQl = new StringBuilder("{");
    String sep = " ";
    for (String pair : splitLogfmt(logfmt)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "cannot read tags \"" + TraceParams.shorten(logfmt) + "\": expected key=value pairs");
      }
      String key = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      String attribute =
          switch (key) {
            case "service.name" -> "resource.service.name";
            case "name", "status" -> key;
            case "status.code" -> "status";
            default -> "." + key;
          };
      traceQl
          .append(sep)
          .append(attribute)
          .append(" = \"")
          .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
      sep = " && ";
    }
    TraceQl.parse(traceQl.append(" }").toString(), b);
  }

  private static List<String> splitLogfmt(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private void tags(RoutingContext ctx) {
    TraceEndpoints.blocking(
        ctx,
        () -> {
          List<String> names = new ArrayList<>(store.attributeNames(true, TAG_SAMPLE));
          for (String n : store.attributeNames(false, TAG_SAMPLE)) {
            if (!names.contains(n)) {
              names.add(n);
            }
          }
          names.addAll(List.of("name", "status.code"));
          return names;
        },
        names -> TraceEndpoints.json(ctx, new JsonObject().put("tagNames", new JsonArray(names))));
  }

  private void tagsV2(RoutingContext ctx) {
    String scope = ctx.request().getParam("scope");
    TraceEndpoints.blocking(
        ctx,
        () -> {
          JsonArray scopes = new JsonArray();
          if (scope == null || scope.isEmpty() || scope.equals("all") || scope.equals("resource")) {
            scopes.add(scope("resource", store.attributeNames(true, TAG_SAMPLE)));
          }
          if (scope == null || scope.isEmpty() || scope.equals("all") || scope.equals("span")) {
            scopes.add(scope("span", store.attributeNames(false, TAG_SAMPLE)));
          }
          if (scope == null
              || scope.isEmpty()
              || scope.equals("all")
              || scope.equals("intrinsic")) {
            scopes.add(scope("intrinsic", INTRINSICS));
          }
          return scopes;
        },
        scopes -> TraceEndpoints.json(ctx, new JsonObject().put("scopes", scopes)));
  }

  private static JsonObject scope(String name, List<String> tags) {
    return new JsonObject().put("name", name).put("tags", new JsonArray(tags));
  }

  private void values(RoutingContext ctx, boolean v2) {
    String tag = ctx.pathParam("tag");
    TraceEndpoints.blocking(
        ctx,
        () -> {
          if (tag.equals("name")) {
            return store.attributeValuesOfColumn("operation", MAX_VALUES);
          }
          if (tag.equals("status") || tag.equals("status.code")) {
            return List.of("error", "ok", "unset");
          }
          if (tag.equals("kind")) {
            return List.of("client", "consumer", "internal", "producer", "server", "unspecified");
          }
          if (tag.equals("resource.service.name") || tag.equals("service.name")) {
            return store.services();
          }
          if (tag.startsWith("resource.")) {
            return store.attributeValues(true, tag.substring(9), TAG_SAMPLE, MAX_VALUES);
          }
          if (tag.startsWith("span.")) {
            return store.attributeValues(false, tag.substring(5), TAG_SAMPLE, MAX_VALUES);
          }
          String key = tag.startsWith(".") ? tag.substring(1) : tag;
          List<String> values =
              new ArrayList<>(store.attributeValues(false, key, TAG_SAMPLE, MAX_VALUES));
          for (String v : store.attributeValues(true, key, TAG_SAMPLE, MAX_VALUES)) {
            if (!values.contains(v)) {
              values.add(v);
            }
          }
          return values;
        },
        values -> {
          JsonArray out = new JsonArray();
          for (String v : values) {
            out.add(v2 ? new JsonObject().put("type", type(tag)).put("value", v) : v);
          }
          TraceEndpoints.json(ctx, new JsonObject().put("tagValues", out));
        });
  }

  private static String type(String tag) {
    return tag.equals("status") || tag.equals("kind") ? "keyword" : "string";
  }
}
