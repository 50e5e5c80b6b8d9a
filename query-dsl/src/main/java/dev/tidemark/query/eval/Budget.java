package dev.tidemark.query.eval;

import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.Limits;
import java.util.List;

/** Enforces {@link Limits} while one query runs. */
final class Budget {

  private final Limits limits;
  private final long deadline;
  private long points;

  Budget(Limits limits) {
    this.limits = limits;
    this.deadline = System.nanoTime() + limits.timeout().toNanos();
  }

  void checkTime() {
    if (System.nanoTime() - deadline >= 0) {
      throw QueryException.evaluate(
          "query took longer than allowed [timeout=" + limits.timeout() + "]");
    }
  }

  void charge(List<Series> series) {
    checkTime();
    if (series.size() > limits.maxSeries()) {
      throw QueryException.evaluate(
          "too many series, narrow the selector or group by fewer labels [series="
              + series.size()
              + ", max="
              + limits.maxSeries()
              + "]");
    }
    for (Series s : series) {
      points += s.size();
    }
    if (points > limits.maxPoints()) {
      throw QueryException.evaluate(
          "too many points, use a larger step or a shorter range [points>"
              + limits.maxPoints()
              + "]");
    }
  }
}
