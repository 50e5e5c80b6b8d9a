package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.promapi.MetricMetadata;
import java.util.List;

/**
 * A decoded write request: the valid samples in columns (staleness markers among them: Prometheus
 * sends one when a series disappears), the rejected ones, how many markers there are, and the
 * metric metadata the request carried.
 */
record DecodedWrite(
    SampleColumns columns,
    List<Rejection> rejections,
    int staleMarkers,
    List<MetricMetadata> metadata) {

  /** The valid samples as objects (tests and reports; the hot path keeps columns). */
  List<Sample> samples() {
    return columns.toSamples();
  }
}
