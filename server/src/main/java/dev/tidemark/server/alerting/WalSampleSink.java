package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.OutputSample;
import dev.tidemark.alerting.eval.SampleSink;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.IngestSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recording-rule results and {@code ALERTS}/{@code ALERTS_FOR_STATE} go through the same
 * write-ahead path as ingest (and its backpressure): durable once appended, stored by the writer.
 */
final class WalSampleSink implements SampleSink {
  private final IngestSink sink;

  WalSampleSink(IngestSink sink) {
    this.sink = sink;
  }

  @Override
  public void write(List<OutputSample> samples) {
    List<Sample> out = new ArrayList<>(samples.size());
    for (OutputSample s : samples) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.remove("__name__");
      Labels l = Labels.of(labels);
      out.add(
          s.stale()
              ? Sample.staleMarker(s.metric(), l, s.timestamp())
              : new Sample(s.metric(), l, s.timestamp(), s.value()));
    }
    sink.append(new Batch(null, 0, out, List.of()));
  }
}
