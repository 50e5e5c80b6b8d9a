package dev.tidemark.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.alerting.rules.RuleFiles;
import dev.tidemark.alerting.rules.RuleGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on real threads with a clock the test moves: a group stuck in an evaluation counts
 * the times it missed, and another group keeps its schedule meanwhile.
 */
class SchedulerTest {
  /** A clock that stands still until the test moves it. */
  static final class MovableClock extends Clock {
    final AtomicLong millis;

    MovableClock(long start) {
      millis = new AtomicLong(start);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void aStuckGroupCountsMissedEvaluationsAndDelaysNoOther() throws Exception {
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong fastEvaluations = new AtomicLong();
    RuleQuerier querier =
        (expr, t) -> {
          if (expr.text().contains("slow")) {
            stuck.countDown();
            release.await();
          } else {
            fastEvaluations.incrementAndGet();
          }
          return List.of();
        };
    RuleGroup slow = group("slow", "slow_metric");
    RuleGroup fast = group("fast", "fast_metric");
    try (RuleEngine engine =
        new RuleEngine(
            querier,
            samples -> {},
            AlertStore.none(),
            AlertSender.none(),
            new RuleEngine.Settings(Duration.ofMinutes(1), Map.of(), 2, clock))) {
      engine.put(slow);
      engine.put(fast);
      engine.startScheduling();
      stuck.await(); // the slow group's first evaluation holds one thread
      long before = fastEvaluations.get();
      for (int i = 0; i < 5; i++) {
        clock.millis.addAndGet(1000); // a second passes: the fast group is due again
        long want = before + i + 1;
        await(() -> fastEvaluations.get() >= want);
      }
      assertThat(engine.group(slow.key()).stats().missed()).isZero();
      clock.millis.addAndGet(500);
      release.countDown();
      await(() -> engine.group(slow.key()).stats().evaluations() >= 1);
      // stuck from its first time t (in the first second) until 5.5 s: the times t + 1 s … up to
      // 5.5 s were run past, 3 or 4 of them depending on the group's offset in the second
      await(() -> engine.group(slow.key()).stats().missed() >= 3);
      assertThat(engine.group(slow.key()).stats().missed()).isLessThanOrEqualTo(5);
    }
  }

  private static RuleGroup group(String name, String metric) {
    return RuleFiles.parseGroup(
        "sched.yml",
        "name: "
            + name
            + "\ninterval: 1s\nrules:\n  - record: r_"
            + name
            + "\n    expr: "
            + metric
            + "\n",
        Duration.ofMinutes(1));
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
