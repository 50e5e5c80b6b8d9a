package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.RuleFiles;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An engine over an in-memory data source, recording what it writes and sends. */
final class Harness implements AutoCloseable {
  static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  static final long MIN = 60_000;

  final InMemoryDataSource source = InMemoryDataSource.create();
  final List<OutputSample> written = new ArrayList<>();
  final List<Alert> toAlertmanager = new ArrayList<>();
  final List<Alert> toWebhooks = new ArrayList<>();
  final MemoryStore store;
  final RuleEngine engine;

  Harness(MemoryStore store) {
    this.store = store;
    RuleQuerier querier =
        (expr, t) ->
            DataSourceQuerier.instant(
                expr, t, source, List.of(Tier.raw(Duration.ofDays(30))), 1_000_000);
    engine =
        new RuleEngine(
            querier,
            written::addAll,
            store,
            (g, am, hooks) -> {
              toAlertmanager.addAll(am);
              toWebhooks.addAll(hooks);
            },
            new RuleEngine.Settings(
                Duration.ofMinutes(1),
                Map.of("env", "test"),
                2,
                Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)));
  }

  RuleGroup put(String yaml) {
    RuleGroup g = RuleFiles.parseGroup("test.yml", yaml, Duration.ofMinutes(1));
    engine.put(g);
    return g;
  }

  GroupRunner.Result eval(RuleGroup g, long t) {
    return engine.evaluate(g.key(), t);
  }

  void add(String metric, Map<String, String> labels, long t, double v) {
    source.add(metric, labels, Instant.ofEpochMilli(t), v);
  }

  void clear() {
    written.clear();
    toAlertmanager.clear();
    toWebhooks.clear();
  }

  @Override
  public void close() {
    engine.close();
  }
}
