package dev.tidemark.agent.ship;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition; fails with the description when it does not hold in time. */
final class Await {
  private Await() {}

  static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
