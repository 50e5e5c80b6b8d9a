package dev.tidemark.agent.record;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one operation, recorded wait-free into HdrHistogram's {@link Recorder} (three
 * significant digits, auto-resizing). Each flush ships the interval histogram and reuses it as the
 * next interval's buffer, so steady recording allocates nothing.
 */
public final class LatencyRecorder {
  private final String metric;
  private final Labels labels;
  private final String unit;
  private final Recorder recorder = new Recorder(3);
  private Histogram recycled;

  LatencyRecorder(String metric, Labels labels, String unit) {
    this.metric = metric;
    this.labels = labels;
    this.unit = unit;
  }

  /** Records one value in this recorder's unit; negative values are refused. */
  public void record(long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "cannot record latency: value is negative [metric=" + metric + ", value=" + value + "]");
    }
    recorder.recordValue(value);
  }

  /** Called by the one flusher thread only. */
  void flushTo(Spool spool, long now) {
    Histogram interval = recorder.getIntervalHistogram(recycled);
    recycled = interval;
    if (interval.getTotalCount() > 0) {
      spool.append(new HistogramSample(metric, labels, now, unit, interval));
    }
  }
}
