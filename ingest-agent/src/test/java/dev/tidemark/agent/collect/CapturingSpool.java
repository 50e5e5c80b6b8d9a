package dev.tidemark.agent.collect;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps what probes append, for assertions; {@code name{labels}} → value. */
final class CapturingSpool implements Spool {
  final List<Sample> samples = new ArrayList<>();
  private final List<Emit> emits = new ArrayList<>();

  Emit emit(Map<String, String> labels) {
    Emit e = new Emit(this, labels, 1_700_000_000_000L);
    emits.add(e);
    return e;
  }

  /**
   * {@code metric{a=1, b=2}} (the agent's labels left out) → value; what the emits handed out have
   * gathered is spooled first.
   */
  Map<String, Double> values(String... baseNames) {
    emits.forEach(Emit::flush);
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      Map<String, String> own = new TreeMap<>(s.labels().asMap());
      for (String b : baseNames) {
        own.remove(b);
      }
      out.put(s.metric() + own, s.value());
    }
    return out;
  }

  @Override
  public boolean append(Sample sample) {
    samples.add(sample);
    return true;
  }

  @Override
  public boolean appendAll(List<Sample> all) {
    samples.addAll(all);
    return true;
  }

  @Override
  public boolean append(HistogramSample histogram) {
    return false;
  }

  @Override
  public SpoolCursor cursor() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shipped(long index, int entries, long bytes) {}

  @Override
  public long backlogEntries() {
    return 0;
  }

  @Override
  public long backlogBytes() {
    return 0;
  }

  @Override
  public long maxBytes() {
    return Long.MAX_VALUE;
  }

  @Override
  public long refused() {
    return 0;
  }

  @Override
  public void close() {}
}
