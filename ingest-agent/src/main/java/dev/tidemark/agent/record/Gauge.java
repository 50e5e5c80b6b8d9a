package dev.tidemark.agent.record;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down; the last value set is shipped at each flush. */
public final class Gauge {
  private static final long UNSET = Double.doubleToRawLongBits(Double.NaN);

  private final String metric;
  private final Labels labels;
  private final AtomicLong bits = new AtomicLong(UNSET);

  Gauge(String metric, Labels labels) {
    this.metric = metric;
    this.labels = labels;
  }

  public void set(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "cannot set gauge: value is not finite [metric=" + metric + ", value=" + value + "]");
    }
    bits.set(Double.doubleToRawLongBits(value));
  }

  void flushTo(Spool spool, long now) {
    double v = Double.longBitsToDouble(bits.get());
    if (!Double.isNaN(v)) {
      spool.append(new Sample(metric, labels, now, v));
    }
  }
}
