package dev.tidemark.bench.alerting;

import dev.tidemark.alerting.eval.AlertSender;
import dev.tidemark.alerting.eval.AlertStore;
import dev.tidemark.alerting.eval.DataSourceQuerier;
import dev.tidemark.alerting.eval.RuleEngine;
import dev.tidemark.alerting.eval.RuleQuerier;
import dev.tidemark.alerting.rules.Rule;
import dev.tidemark.alerting.rules.RuleFiles;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.bench.Table;
import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One evaluation cycle of the rule engine against the same PromQL queries issued directly, over
 * 10,000 series in memory (10 gauges and 10 counters of 500 series each, 5 minutes at 15 s): the
 * ratio is what the engine adds (labels, templates, the state machine, ALERTS series, stale
 * tracking, notifications due). Then the cycle at 100, 1,000 and 10,000 rules, to show growth.
 * Storage is left out on purpose: the server's rules read the same data source the query endpoints
 * do, whose cost the query bench measures.
 */
public final class AlertingBench {
  static final long NOW = Instant.parse("2026-01-01T00:05:00Z").toEpochMilli();
  static final int PER_METRIC = 500;
  static final List<Tier> TIERS = List.of(Tier.raw(Duration.ofDays(1)));

  public void run(Table table) throws Exception {
    InMemoryDataSource source = data();
    RuleQuerier querier =
        (expr, t) -> DataSourceQuerier.instant(expr, t, source, TIERS, 10_000_000);
    List<RuleGroup> thousand = rules(1_000);
    double direct;
    double engine;
    try (Cycle cycle = new Cycle(querier, thousand)) {
      double[] pair = alternating(() -> direct(source, thousand), cycle::run);
      direct = pair[0];
      engine = pair[1];
    }
    table.add(
        "rule cycle, 1,000 rules over 10,000 series, ms",
        ms(engine),
        "same 1,000 queries issued directly " + ms(direct) + " ms",
        engine / direct,
        "≤ 1.2× the queries alone");
    double hundred;
    double tenThousand;
    try (Cycle cycle = new Cycle(querier, rules(100))) {
      hundred = best(cycle::run);
    }
    try (Cycle cycle = new Cycle(querier, rules(10_000))) {
      tenThousand = best(cycle::run);
    }
    table.add(
        "rule cycle, 10,000 rules, ms",
        ms(tenThousand),
        String.format(Locale.ROOT, "100 rules %s ms, 1,000 rules %s ms", ms(hundred), ms(engine)),
        tenThousand / engine,
        "≈ 10× per 10× rules (linear)");
  }

  /** Alert rules on gauges and recording rules on counter rates, 100 rules per group. */
  static List<RuleGroup> rules(int n) {
    List<RuleGroup> groups = new ArrayList<>();
    for (int g = 0; g < n / 100; g++) {
      StringBuilder yaml = new StringBuilder("name: g" + g + "\ninterval: 15s\nrules:\n");
      for (int r = 0; r < 100; r++) {
        int i = g * 100 + r;
        int metric = i % 10;
        int job = (i / 10) % 10;
        if (i % 2 == 0) {
          yaml.append("  - alert: Load")
              .append(i)
              .append("\n    expr: bench_load_")
              .append(metric)
              .append("{job=\"j")
              .append(job)
              .append("\"} > 50\n    for: 1m\n    labels:\n      severity: page\n")
              .append("    annotations:\n      summary: \"{{ $labels.host }} at {{ $value }}\"\n");
        } else {
          yaml.append("  - record: job:bench_requests:rate1m_")
              .append(i)
              .append("\n    expr: sum by (job) (rate(bench_requests_")
              .append(metric)
              .append("_total{job=\"j")
              .append(job)
              .append("\"}[1m]))\n");
        }
      }
      groups.add(RuleFiles.parseGroup("bench", yaml.toString(), Duration.ofMinutes(1)));
    }
    return groups;
  }

  static InMemoryDataSource data() {
    InMemoryDataSource d = InMemoryDataSource.create();
    for (int m = 0; m < 10; m++) {
      d.declare("bench_requests_" + m + "_total", MetricKind.COUNTER);
      for (int s = 0; s < PER_METRIC; s++) {
        Map<String, String> labels = Map.of("host", "h" + s, "job", "j" + (s % 10));
        for (int k = 0; k < 20; k++) {
          Instant t = Instant.ofEpochMilli(NOW - 300_000 + k * 15_000L);
          d.add("bench_load_" + m, labels, t, (s * 7 + k) % 100);
          d.add("bench_requests_" + m + "_total", labels, t, 10.0 * k + s);
        }
      }
    }
    return d;
  }

  private static void direct(InMemoryDataSource source, List<RuleGroup> groups) {
    PromQl engine = PromQl.over(source, 10_000_000);
    for (RuleGroup g : groups) {
      for (Rule r : g.rules()) {
        engine.instant((Expr) r.expr().parsed(), NOW);
      }
    }
  }

  /**
   * An engine holding the groups, evaluated once before timing starts: what is timed is a cycle of
   * a running server, whose alerts exist already and are updated.
   */
  private static final class Cycle implements AutoCloseable {
    private final RuleEngine engine;
    private final List<RuleGroup> groups;
    private long round;

    Cycle(RuleQuerier querier, List<RuleGroup> groups) {
      this.groups = groups;
      this.engine =
          new RuleEngine(
              querier,
              samples -> {},
              AlertStore.none(),
              AlertSender.none(),
              new RuleEngine.Settings(Duration.ofMinutes(1), Map.of(), 1, Clock.systemUTC()));
      for (RuleGroup g : groups) {
        engine.put(g);
      }
      run();
    }

    void run() {
      round++;
      for (RuleGroup g : groups) {
        engine.evaluate(g.key(), NOW + round); // a millisecond on: the same data
      }
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  /**
   * Best of 9 runs of each after 3 warm-ups, the two taking turns so that load from elsewhere on
   * the machine falls on both alike; seconds.
   */
  private static double[] alternating(Runnable a, Runnable b) {
    for (int i = 0; i < 3; i++) {
      a.run();
      b.run();
    }
    double bestA = Double.MAX_VALUE;
    double bestB = Double.MAX_VALUE;
    for (int i = 0; i < 9; i++) {
      long start = System.nanoTime();
      a.run();
      bestA = Math.min(bestA, (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      b.run();
      bestB = Math.min(bestB, (System.nanoTime() - start) / 1e9);
    }
    return new double[] {bestA, bestB};
  }

  /** Best of 7 runs after 3 warm-ups, in seconds. */
  private static double best(Runnable work) {
    for (int i = 0; i < 3; i++) {
      work.run();
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 7; i++) {
      long start = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
