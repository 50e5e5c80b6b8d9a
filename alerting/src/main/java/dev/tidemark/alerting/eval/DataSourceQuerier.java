package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.Expression;
import dev.tidemark.alerting.rules.Language;
import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates rule expressions against a {@link DataSource}. PromQL is an instant query. A DSL query
 * names its own range ({@code last 5m}); each frame it returns becomes one sample holding the
 * frame's last non-empty {@code value}, labelled with the frame's labels and {@code __name__} the
 * frame's name.
 */
public final class DataSourceQuerier {
  private DataSourceQuerier() {}

  public static List<Sample> instant(
      Expression expr, long time, DataSource source, List<Tier> tiers, long maxSamples) {
    if (expr.language() == Language.DSL) {
      return dsl(expr.text(), time, source, tiers);
    }
    PromResult r = PromQl.over(source, maxSamples).instant((Expr) expr.parsed(), time);
    List<Sample> out = new ArrayList<>();
    if (r instanceof PromResult.Scalar s) {
      out.add(new Sample(Map.of(), s.value()));
    } else if (r instanceof PromResult.Vector v) {
      for (PromResult.Sample s : v.samples()) {
        out.add(new Sample(s.labels(), s.value()));
      }
    }
    return out;
  }

  private static List<Sample> dsl(String text, long time, DataSource source, List<Tier> tiers) {
    List<Frame> frames =
        TidemarkQuery.run(text, QueryContext.of(Instant.ofEpochMilli(time), tiers), source);
    List<Sample> out = new ArrayList<>();
    for (Frame f : frames) {
      int col = f.columns().indexOf("value");
      if (col < 0) {
        continue;
      }
      for (int i = f.values().size() - 1; i >= 0; i--) {
        Object cell = f.values().get(i).get(col);
        if (cell instanceof Number n && !Double.isNaN(n.doubleValue())) {
          Map<String, String> labels = new LinkedHashMap<>(f.labels());
          if (f.name() != null && !f.name().isEmpty()) {
            labels.putIfAbsent("__name__", f.name());
          }
          out.add(new Sample(labels, n.doubleValue()));
          break;
        }
      }
    }
    return out;
  }
}
