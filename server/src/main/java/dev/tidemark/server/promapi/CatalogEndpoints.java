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
 * included) are applied in Java to the metric's series. {@code start}/{@code end} are accepted and
 * not used: the catalogue keeps no time per series.
 */
final class CatalogEndpoints {
  private final SeriesCatalog catalog;

  CatalogEndpoints(SeriesCatalog catalog) {
    this.catalog = catalog;
  }

  void labels(RoutingContext ctx) {
    List<Expr.Selector> match = selectors(ctx, false);
    if (match == null) {
      return;
    }
    Future<List<String>> names =
        match.isEmpty()
            ? catalog
                .labelNames()
                .map(
                    l -> {
                      TreeSet<String> all = new TreeSet<>(l);
                      all.add("__name__");
                      return new ArrayList<>(all);
                    })
            : matching(match).map(series -> distinct(series, null));
    names
        .onSuccess(l -> PromResponses.success(ctx, PromJson.strings(l)))
        .onFailure(t -> PromResponses.failure(ctx, t));
  }

  void labelValues(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    List<Expr.Selector> match = selectors(ctx, false);
    if (match == null) {
      return;
    }
    Future<List<String>> values;
    if (!match.isEmpty()) {
      values = matching(match).map(series -> distinct(series, name));
    } else if (name.equals("__name__")) {
      values = catalog.metricNames();
    } else {
      values = catalog.labelValues(name);
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
    matching(match)
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

  private Future<List<Map<String, String>>> matching(List<Expr.Selector> selectors) {
    List<Future<List<Map<String, String>>>> parts = new ArrayList<>();
    for (Expr.Selector s : selectors) {
      parts.add(
          catalog
              .series(s.metric())
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
