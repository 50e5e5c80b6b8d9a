package dev.tidemark.releases.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counters are compared as rates, gauges as they are. */
class RunsTest {
  @Test
  void countersBecomePerSecondRatesPerSeriesWithRestarts() {
    Runs r = new Runs();
    // two hosts' request counters, interleaved in time; host 2 restarts at t=30s
    r.add("http_requests_total", "checkout", 1, 0, 1000);
    r.add("http_requests_total", "checkout", 2, 5_000, 50);
    r.add("http_requests_total", "checkout", 1, 10_000, 1500);
    r.add("http_requests_total", "checkout", 2, 15_000, 250);
    r.add("http_requests_total", "checkout", 1, 20_000, 2000);
    r.add("http_requests_total", "checkout", 2, 35_000, 40);
    r.add("checkout_latency_ms", "checkout", 3, 0, 12.5);
    r.add("checkout_latency_ms", "checkout", 3, 10_000, 13.5);
    Map<String, double[]> runs = r.build();
    assertThat(runs.get(Runs.key("http_requests_total", "checkout")))
        .containsExactly(new double[] {50, 20, 50, 2}, within(1e-12));
    assertThat(runs.get(Runs.key("checkout_latency_ms", "checkout"))).containsExactly(12.5, 13.5);
  }

  @Test
  void aCounterWithOneSampleHasNoRunYet() {
    Runs r = new Runs().add("jobs_total", null, 1, 0, 7);
    assertThat(r.build()).isEmpty();
  }

  @Test
  void longerRunningReleaseIsNotSlowerJustBecauseItsTotalIsHigher() {
    // same rate, 100 req/s; the candidate ran three times as long
    Runs base = new Runs();
    Runs cand = new Runs();
    for (int i = 0; i < 30; i++) {
      base.add("requests_total", "", 1, i * 1000L, 100.0 * i + (i % 3));
    }
    for (int i = 0; i < 90; i++) {
      cand.add("requests_total", "", 1, i * 1000L, 100.0 * i + (i % 3));
    }
    double[] b = base.build().get(Runs.key("requests_total", ""));
    double[] c = cand.build().get(Runs.key("requests_total", ""));
    dev.tidemark.query.analysis.ReleaseDiff d =
        dev.tidemark.query.analysis.ReleaseDiff.compare(
            b, c, 0.05, 0.05, dev.tidemark.query.analysis.Direction.HIGHER_IS_BETTER);
    assertThat(d.verdict()).isNotEqualTo(dev.tidemark.query.analysis.Verdict.REGRESSION);
    assertThat(d.deltaPct()).isCloseTo(0, within(1.0));
  }
}
