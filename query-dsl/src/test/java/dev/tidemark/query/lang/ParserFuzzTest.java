package dev.tidemark.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and mutated input: the only failure allowed is a QueryException. */
class ParserFuzzTest {

  private static final List<String> SEEDS =
      List.of(
          "avg(cpu_percent{host=\"h1\", env!=\"dev\"}) by (host) last 7d step 1h",
          "p95(http_latency{route=~\"/api/.*\"}) by (release) from now-2h to now step 5m",
          "increase(errors_total) / increase(requests_total) * 100 last 1d step 1h",
          "avg(cpu) from \"2026-03-29\" to \"2026-04-01T00:00+02:00\" step 1d zone \"Europe/Berlin\"",
          "avg(cpu) last 30d step 1h | trend forecast 7 | anomalies ewma threshold 3"
              + " | changepoints pvalue 0.01 magnitude 2%",
          "compare release \"v1.2.0\" to \"v1.3.0\" on bench_ms by (operation) last 30d"
              + " threshold 5% alpha 0.05 lower is better",
          "quantile(0.9, lat) by () step auto # comment");

  private static final String ALPHABET = "abcdeflmnoprstuvwxyz_019.{}()[],=!~\"'|+-*/%# \n\t$^ü";

  private final InMemoryDataSource data = InMemoryDataSource.create();
  private final QueryContext ctx =
      QueryContext.of(
          Instant.parse("2026-03-30T12:00:00Z"),
          List.of(
              Tier.raw(Duration.ofDays(14)),
              Tier.rollup("1h", Duration.ofHours(1), Duration.ofDays(365))));

  private void check(String input) {
    try {
      TidemarkQuery.run(input, ctx, data);
    } catch (QueryException e) {
      assertThat(e.getMessage()).startsWith("cannot ");
      if (e.position() >= 0) {
        assertThat(e.position()).isBetween(0, input.length());
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
      }
    } catch (RuntimeException | StackOverflowError e) {
      fail("input " + quote(input) + " threw " + e, e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  @Test
  void everyPrefixOfValidQueries() {
    for (String seed : SEEDS) {
      for (int i = 0; i <= seed.length(); i++) {
        check(seed.substring(0, i));
      }
    }
  }

  @Test
  void randomMutationsOfValidQueries() {
    Random r = new Random(42);
    for (int k = 0; k < 20_000; k++) {
      StringBuilder s = new StringBuilder(SEEDS.get(r.nextInt(SEEDS.size())));
      int edits = 1 + r.nextInt(4);
      for (int e = 0; e < edits && s.length() > 0; e++) {
        int at = r.nextInt(s.length());
        switch (r.nextInt(3)) {
          case 0:
            s.deleteCharAt(at);
            break;
          case 1:
            s.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            break;
          default:
            s.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
      }
      check(s.toString());
    }
  }

  @Test
  void randomGarbage() {
    Random r = new Random(7);
    for (int k = 0; k < 20_000; k++) {
      int len = r.nextInt(40);
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < len; i++) {
        s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
      }
      check(s.toString());
    }
  }

  @Test
  void hugeNumbersAndDeepNesting() {
    check("avg(cpu) last 99999999999999w");
    check("avg(cpu) last 999999999999999999999w");
    check("avg(cpu) from now+9999999999d to now+99999999999d");
    check("avg(cpu) step 1ms last 3000w");
    check("1e999 + cpu");
    check("avg(cpu) last 20000000000w");
    check("avg(cpu) last 36525d step 1d");
    check("avg(cpu) from now+36525d to now+36526d step 1w");
    check("avg(cpu) from \"+999999999-12-31T23:59:59Z\" to now");
    check("avg(cpu) from \"-999999999-01-01T00:00\" to \"0001-01-01\" zone \"Pacific/Kiritimati\"");
    check("avg(cpu) from \"0001-01-01T00:00Z\" to \"9999-12-31T00:00Z\" step 1w");
    check("(".repeat(5000) + "cpu" + ")".repeat(5000));
    check("-".repeat(5000) + "cpu");
    check("quantile(0.5, x) " + "| trend ".repeat(100));
    check("cpu{" + "a=\"b\",".repeat(1000) + "}");
  }
}
