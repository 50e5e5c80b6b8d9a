package dev.tidemark.query.promql;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw samples that every query running at once may hold together, shared by the queries of one
 * server: each query counts what it reads against its own limit and against this, and gives its
 * share back when it ends. A query that would pass it fails at once as unavailable (a retry later
 * may fit), rather than waiting: a query holding samples while it waits for others' could wait on
 * them as they wait on it. So a heap sized for this many samples is not run out of by many large
 * queries arriving together.
 */
public final class SampleBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  public SampleBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a sample budget must be positive [limit=" + limit + "]");
    }
    this.limit = limit;
  }

  /** No budget beyond each query's own limit. */
  public static SampleBudget unlimited() {
    return new SampleBudget(Long.MAX_VALUE);
  }

  /** Takes {@code n} samples or throws {@link PromQlException} of kind unavailable. */
  public void take(long n) {
    long now = held.addAndGet(n);
    if (now > limit) {
      held.addAndGet(-n);
      throw PromQlException.unavailable(
          "the queries running now hold too many raw samples [held="
              + (now - n)
              + ", asked="
              + n
              + ", budget="
              + limit
              + "]; retry shortly");
    }
  }

  /** Gives back {@code n} samples taken before. */
  public void give(long n) {
    held.addAndGet(-n);
  }

  /** Samples the running queries hold now. */
  public long held() {
    return held.get();
  }

  public long limit() {
    return limit;
  }
}
