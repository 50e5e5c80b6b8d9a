package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.LabelMatcher;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/labels}, {@code /api/v1/label/{name}/values} and {@code /api/v1/series} over a
 * {@link SeriesCatalog}. {@code match[]} selectors are parsed as PromQL and their matchers (regexes
 * included; selectors without a metric name too) are applied in Java to the metric's series. {@code
 * start}/{@code end} narrow every answer to the series that had samples between them, as Prometheus
 * does.
 */
final class CatalogEndpoints {
  private final SeriesCatalog catalog;

  CatalogEndpoints(SeriesCatalog catalog) {
    this.catalog = catalog;
  }

  void labels(RoutingContext ctx) {
    List<Expr.Selector> match = selectors(ctx, false);
    SeriesCatalog.Window window = window(ctx);
    if (match == null || window == null) {
      return;
    }
    Future<List<String>> names =
        match.isEmpty()
            ? catalog
                .labelNames(window)
                .map(
                    l -> {
                      TreeSet<String> all = new TreeSet<>(l);
                      if (!l.isEmpty() || window.equals(SeriesCatalog.Window.ALL)) {
                        all.add("__name__"); // every series has one
                      }
                      return new ArrayList<>(all);
                    })
            : matching(match, window).map(series -> distinct(series, null));
    names
        .onSuccess(l -> PromResponses.success(ctx, PromJson.strings(l)))
        .onFailure(t -> PromResponses.failure(ctx, t));
  }

  void labelValues(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    List<Expr.Selector> match = selectors(ctx, false);
    SeriesCatalog.Window window = window(ctx);
    if (match == null || window == null) {
      return;
    }
    Future<List<String>> values;
    if (!match.isEmpty()) {
      values = matching(match, window).map(series -> distinct(series, name));
    } else if (name.equals("__name__")) {
      values = catalog.metricNames(window);
    } else {
      values = catalog.labelValues(name, window);
    }
    values
        .onSuccess(l -> PromResponses.success(ctx, PromJson.strings(l)))
        .onFailure(t -> PromResponses.failure(ctx, t));
  }

  void series(RoutingContext ctx) {
    List<Expr.Selector> match = selectors(ctx, true);
    if (match == null) {
      return;
    }
    SeriesCatalog.Window window = window(ctx);
    if (window == null) {
      return;
    }
    matching(match, window)
        .onSuccess(
            series -> {
              StringBuilder b = new StringBuilder("[");
              for (Map<String, String> labels : series) {
                if (b.length() > 1) {
                  b.append(',');
                }
                PromJson.labels(b, labels);
              }
              PromResponses.success(ctx, b.append(']').toString());
            })
        .onFailure(t -> PromResponses.failure(ctx, t));
  }

  /** The {@code match[]} selectors, or null after answering 400. */
  private static List<Expr.Selector> selectors(RoutingContext ctx, boolean required) {
    List<String> texts = ctx.request().params().getAll("match[]");
    if (required && texts.isEmpty()) {
      PromResponses.badData(
          ctx, "cannot parse parameter \"match[]\": no match[] parameter provided");
      return null;
    }
    List<Expr.Selector> out = new ArrayList<>();
    for (String t : texts) {
      try {
        Expr e = PromQl.parse(t);
        if (!(e instanceof Expr.Selector s)) {
          PromResponses.badData(
              ctx, "cannot parse parameter \"match[]\": " + t + " is not a series selector");
          return null;
        }
        out.add(s);
      } catch (RuntimeException e) {
        PromResponses.failure(ctx, e);
        return null;
      }
    }
    return out;
  }

  /** The {@code start}/{@code end} window, or null after answering 400. */
  private static SeriesCatalog.Window window(RoutingContext ctx) {
    try {
      long start = PromParams.time("start", ctx.request().params().get("start"), Long.MIN_VALUE);
      long end = PromParams.time("end", ctx.request().params().get("end"), Long.MAX_VALUE);
      if (end < start) {
        PromResponses.badData(
            ctx, "cannot parse parameter \"end\": end timestamp must not be before start time");
        return null;
      }
      return new SeriesCatalog.Window(start, end);
    } catch (PromParams.BadParam e) {
      PromResponses.badData(ctx, e.getMessage());
      return null;
    }
  }

  private Future<List<Map<String, String>>> matching(
      List<Expr.Selector> selectors, SeriesCatalog.Window window) {
    List<Future<List<Map<String, String>>>> parts = new ArrayList<>();
    for (Expr.Selector s : selectors) {
      parts.add(
          catalog
              .series(s.metric(), window)
              .map(
                  all -> {
                    List<Map<String, String>> kept = new ArrayList<>();
                    for (Map<String, String> labels : all) {
                      if (s.matchers().stream().allMatch(m -> matches(m, labels))) {
                        kept.add(labels);
                      }
                    }
                    return kept;
                  }));
    }
    return Future.all(parts)
        .map(
            (CompositeFuture all) -> {
              Set<Map<String, String>> union = new LinkedHashSet<>();
              for (int i = 0; i < parts.size(); i++) {
                union.addAll(all.<List<Map<String, String>>>resultAt(i));
              }
              return new ArrayList<>(union);
            });
  }

  private static boolean matches(LabelMatcher m, Map<String, String> labels) {
    return m.matches(labels);
  }

  /** Sorted distinct values of one label, or label names when {@code label} is null. */
  private static List<String> distinct(List<Map<String, String>> series, String label) {
    TreeSet<String> out = new TreeSet<>();
    for (Map<String, String> labels : series) {
      if (label == null) {
        out.addAll(labels.keySet());
      } else if (labels.containsKey(label)) {
        out.add(labels.get(label));
      }
    }
    return new ArrayList<>(out);
  }
}
