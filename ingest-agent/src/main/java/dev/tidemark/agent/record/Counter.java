package dev.tidemark.agent.record;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.concurrent.atomic.LongAdder;

/** A monotonic counter; shipped as its running total (Prometheus counter semantics). */
public final class Counter {
  private final String metric;
  private final Labels labels;
  private final LongAdder total = new LongAdder();

  Counter(String metric, Labels labels) {
    this.metric = metric;
    this.labels = labels;
  }

  public void add(long n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "cannot add to counter: increment is negative [metric=" + metric + ", n=" + n + "]");
    }
    total.add(n);
  }

  public void increment() {
    total.increment();
  }

  public long total() {
    return total.sum();
  }

  void flushTo(Spool spool, long now) {
    spool.append(new Sample(metric, labels, now, total.sum()));
  }
}
