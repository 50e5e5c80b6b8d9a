package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import java.util.List;

/**
 * A parsed write: valid samples in columns, rejected lines or fields, how many string fields were
 * skipped (Tidemark stores numbers only), and whether a line took the server's time for want of its
 * own.
 */
record ParsedLines(
    SampleColumns columns, List<Rejection> rejections, int stringFields, boolean untimed) {

  /** The valid samples as objects (tests; the hot path keeps columns). */
  List<Sample> samples() {
    return columns.toSamples();
  }
}
