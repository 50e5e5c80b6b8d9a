package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples in columns: per sample a series reference, a timestamp and the value's raw bits (a stale
 * marker's NaN payload kept). What remote_write and line protocol decode into and what the
 * write-ahead queue writes from: a request of any size costs three arrays, not an object per
 * sample. {@code agent} and {@code batch} identify it as {@link dev.tidemark.protocol.Batch}'s do.
 * Filled by one thread, then handed on.
 */
public final class SampleColumns {
  private SeriesRef[] series;
  private long[] timestamps;
  private long[] values;
  private int size;
  private String agent;
  private long batch;

  public SampleColumns(int capacity) {
    int n = Math.max(16, capacity);
    series = new SeriesRef[n];
    timestamps = new long[n];
    values = new long[n];
  }

  public void add(SeriesRef ref, long timestamp, long valueBits) {
    if (size == series.length) {
      int n = 2 * size;
      series = Arrays.copyOf(series, n);
      timestamps = Arrays.copyOf(timestamps, n);
      values = Arrays.copyOf(values, n);
    }
    series[size] = ref;
    timestamps[size] = timestamp;
    values[size++] = valueBits;
  }

  public int size() {
    return size;
  }

  public SeriesRef series(int i) {
    return series[i];
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  public long valueBits(int i) {
    return values[i];
  }

  public String agent() {
    return agent;
  }

  public long batch() {
    return batch;
  }

  /** Gives the samples a batch identity (e.g. {@link ContentId}'s). */
  public SampleColumns identify(String agent, long batch) {
    this.agent = agent;
    this.batch = batch;
    return this;
  }

  /** The samples as objects, for callers off the hot path (tests, reports). */
  public List<Sample> toSamples() {
    List<Sample> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(
          new Sample(
              series[i].metric(),
              series[i].labels(),
              timestamps[i],
              Double.longBitsToDouble(values[i])));
    }
    return out;
  }
}
