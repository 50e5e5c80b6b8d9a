package dev.tidemark.query;

import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The deterministic data set the README's worked examples run against. */
final class ExampleData {

  static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");

  static final List<Tier> TIERS =
      List.of(
          Tier.raw(Duration.ofDays(14)),
          Tier.rollup("1m", Duration.ofMinutes(1), Duration.ofDays(30)),
          Tier.rollup("5m", Duration.ofMinutes(5), Duration.ofDays(90)),
          Tier.rollup("1h", Duration.ofHours(1), Duration.ofDays(365)),
          Tier.forever("1d", Duration.ofDays(1)));

  private ExampleData() {}

  static QueryContext context() {
    return QueryContext.of(NOW, TIERS);
  }

  static InMemoryDataSource build() {
    InMemoryDataSource d = InMemoryDataSource.create();
    cpu(d);
    requests(d);
    latency(d);
    benchmarks(d);
    trends(d);
    anomalies(d);
    changes(d);
    calendar(d);
    return d;
  }

  private static Instant minutesAgo(long m) {
    return NOW.minus(Duration.ofMinutes(m));
  }

  private static void cpu(InMemoryDataSource d) {
    for (int m = 0; m < 3 * 1440; m++) {
      Instant t = minutesAgo(m + 1);
      d.add("cpu_percent", Map.of("host", "h1", "service", "checkout"), t, 40 + (m % 60) / 3.0);
      d.add("cpu_percent", Map.of("host", "h2", "service", "checkout"), t, 70 - (m % 30));
    }
  }

  private static void requests(InMemoryDataSource d) {
    d.declare("http_requests_total", MetricKind.COUNTER);
    long cart = 0;
    long cartErrors = 0;
    long pay = 0;
    long payErrors = 0;
    for (int s = 1440 * 4; s >= 0; s--) {
      Instant t = NOW.minus(Duration.ofSeconds(15L * s));
      cart += 20;
      pay += 10;
      if (s % 4 == 0) {
        cartErrors += 1;
      }
      if (s % 20 == 0) {
        payErrors += 1;
      }
      if (s == 120) {
        cart = 20; // the cart service restarted 30 minutes ago: its counter starts over
      }
      d.add("http_requests_total", labels("/cart", "200"), t, cart);
      d.add("http_requests_total", labels("/cart", "500"), t, cartErrors);
      d.add("http_requests_total", labels("/pay", "200"), t, pay);
      d.add("http_requests_total", labels("/pay", "500"), t, payErrors);
    }
  }

  private static Map<String, String> labels(String route, String code) {
    return Map.of("service", "checkout", "route", route, "code", code);
  }

  private static void latency(InMemoryDataSource d) {
    Random r = new Random(42);
    for (int m = 0; m < 1440; m++) {
      Instant t = minutesAgo(m + 1);
      String release = m < 720 ? "v1.3.0" : "v1.2.0";
      for (String route : new String[] {"/cart", "/pay"}) {
        double median = route.equals("/cart") ? 20 : 80;
        if (route.equals("/pay") && release.equals("v1.3.0")) {
          median *= 1.10;
        }
        double[] obs = new double[200];
        for (int i = 0; i < obs.length; i++) {
          obs[i] = median * Math.exp(0.4 * r.nextGaussian());
        }
        d.recordHistogram(
            "http_latency",
            Map.of("service", "checkout", "route", route, "release", release),
            t,
            obs);
      }
    }
  }

  private static void benchmarks(InMemoryDataSource d) {
    Random r = new Random(7);
    String[] ops = {"checkout", "login", "search"};
    double[] base = {300, 120, 45};
    double[] next = {324, 112.8, 45.45};
    for (int k = 0; k < ops.length; k++) {
      for (int i = 0; i < 30; i++) {
        d.add(
            "bench_latency_ms",
            Map.of("operation", ops[k], "release", "v1.2.0"),
            NOW.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(10L * i)),
            base[k] * (1 + 0.02 * r.nextGaussian()));
        d.add(
            "bench_latency_ms",
            Map.of("operation", ops[k], "release", "v1.3.0"),
            NOW.minus(Duration.ofDays(2)).plus(Duration.ofMinutes(10L * i)),
            next[k] * (1 + 0.02 * r.nextGaussian()));
      }
      for (int i = 0; i < 3; i++) {
        d.add(
            "bench_latency_ms",
            Map.of("operation", ops[k], "release", "v1.3.1"),
            NOW.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(10L * i)),
            next[k] * 1.05 * (1 + 0.10 * r.nextGaussian()));
      }
    }
  }

  private static void trends(InMemoryDataSource d) {
    Random r = new Random(11);
    for (int h = 0; h < 30 * 24; h++) {
      Instant t = NOW.minus(Duration.ofHours(30 * 24 - h));
      d.add("queue_depth", Map.of("queue", "emails"), t, 200 + 3.0 * h / 24 + 5 * r.nextGaussian());
    }
    String[] releases = {"v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0"};
    double[] means = {100, 104, 107, 112, 115};
    for (int k = 0; k < releases.length; k++) {
      for (int i = 0; i < 10; i++) {
        Instant t = NOW.minus(Duration.ofDays(50 - 10L * k - i));
        d.add(
            "build_duration_s", Map.of("release", releases[k]), t, means[k] + 2 * r.nextGaussian());
      }
    }
  }

  private static void anomalies(InMemoryDataSource d) {
    Random r = new Random(5);
    for (int i = 0; i < 288; i++) {
      Instant t = minutesAgo(5L * (288 - i));
      double v = 0.5 + 0.05 * r.nextGaussian();
      if (i == 100) {
        v = 3.0;
      } else if (i == 200) {
        v = 2.2;
      }
      d.add("error_rate", Map.of("service", "checkout"), t, v);
    }
    for (int h = 0; h < 7 * 24; h++) {
      Instant t = NOW.minus(Duration.ofHours(7 * 24 - h));
      int hourOfDay = t.atZone(java.time.ZoneOffset.UTC).getHour();
      double v = 100 + 60 * Math.sin(2 * Math.PI * (hourOfDay - 6) / 24) + 3 * r.nextGaussian();
      if (h >= 6 * 24 && hourOfDay == 3) {
        v = 160; // the usual level at noon, far too busy for 03:00
      }
      d.add("orders_per_min", Map.of("shop", "eu"), t, v);
    }
  }

  private static void changes(InMemoryDataSource d) {
    Random r = new Random(13);
    for (int h = 0; h < 14 * 24; h++) {
      Instant t = NOW.minus(Duration.ofHours(14 * 24 - h));
      double level = h < 9 * 24 ? 80 : 92;
      d.add("p95_ms", Map.of("service", "search"), t, level + 2 * r.nextGaussian());
    }
  }

  private static void calendar(InMemoryDataSource d) {
    Instant from = Instant.parse("2026-03-27T00:00:00Z");
    d.declare("energy_meter_kwh", MetricKind.COUNTER);
    for (int h = 0; h < 5 * 24; h++) {
      d.add(
          "energy_meter_kwh", Map.of("site", "berlin"), from.plus(Duration.ofHours(h)), 1000.0 + h);
    }
    Instant leap = Instant.parse("2024-02-27T00:00:00Z");
    for (int h = 0; h < 4 * 24; h++) {
      d.add("solar_kwh", Map.of("site", "lisbon"), leap.plus(Duration.ofHours(h)), 1.0);
    }
  }
}
