package dev.tidemark.alerting.eval;

import java.util.List;

/** Where recording-rule results and {@code ALERTS} series go (the server: its write-ahead log). */
@FunctionalInterface
public interface SampleSink {
  void write(List<OutputSample> samples) throws Exception;
}
