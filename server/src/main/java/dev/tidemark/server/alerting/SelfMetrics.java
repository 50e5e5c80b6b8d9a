package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.DataSourceQuerier;
import dev.tidemark.alerting.eval.RuleQuerier;
import dev.tidemark.alerting.eval.Sample;
import dev.tidemark.alerting.rules.Expression;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operational rules read the server's own metrics from memory, not from the database, so
 * "database unreachable" and "storage writer down" can still fire while the database is gone. Each
 * evaluation scrapes {@code /metrics}' text once (at most once per evaluation time) and keeps an
 * hour of scrapes, enough for {@code for}, {@code rate} and {@code increase}.
 */
final class SelfMetrics implements RuleQuerier {
  private static final long KEEP_MS = Duration.ofHours(1).toMillis();
  private static final List<Tier> TIERS = List.of(Tier.raw(Duration.ofDays(1)));

  private record Scrape(long time, Map<Map<String, String>, Double> samples) {}

  private final Supplier<String> exposition;
  private final java.util.TreeMap<Long, Scrape> scrapes = new java.util.TreeMap<>();
  private InMemoryDataSource source;
  private long builtFor;

  SelfMetrics(Supplier<String> exposition) {
    this.exposition = exposition;
  }

  @Override
  public synchronized List<Sample> instant(Expression expr, long time) {
    if (!scrapes.containsKey(time)) { // one scrape per evaluation time, shared by the group's rules
      scrapes.put(time, new Scrape(time, parse(exposition.get())));
    }
    scrapes.headMap(scrapes.lastKey() - KEEP_MS).clear();
    if (source == null || builtFor != time) { // built once per evaluation time, for every rule
      source = build();
      builtFor = time;
    }
    return DataSourceQuerier.instant(expr, time, source, TIERS, 1_000_000);
  }

  private InMemoryDataSource build() {
    InMemoryDataSource source = InMemoryDataSource.create();
    for (Scrape s : scrapes.values()) {
      s.samples()
          .forEach(
              (labels, value) -> {
                Map<String, String> rest = new LinkedHashMap<>(labels);
                String name = rest.remove("__name__");
                source.add(name, rest, Instant.ofEpochMilli(s.time()), value);
              });
    }
    return source;
  }

  /** Prometheus text format, the subset {@code ServerMetrics} writes. */
  static Map<Map<String, String>, Double> parse(String text) {
    Map<Map<String, String>, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        labels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
      } else {
        name = line.substring(0, space);
      }
      labels.put("__name__", name);
      try {
        out.put(labels, Double.parseDouble(line.substring(space + 1).trim()));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return out;
  }

  private static void labels(String text, Map<String, String> out) {
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        return;
      }
      String name = text.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (j < text.length() && text.charAt(j) != '"') {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char n = text.charAt(++j);
          value.append(n == 'n' ? '\n' : n);
        } else {
          value.append(c);
        }
        j++;
      }
      out.put(name, value.toString());
      i = j + 2; // past the quote and the comma
    }
  }
}
