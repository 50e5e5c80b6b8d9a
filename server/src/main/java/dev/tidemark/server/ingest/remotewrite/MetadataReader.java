package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.server.promapi.MetricMetadata;

/** The metric metadata a remote_write request may carry beside its time series. */
final class MetadataReader {
  /** prompb's MetricType numbers, named as the Prometheus API names them. */
  private static final String[] TYPES = {
    "unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"
  };

  private MetadataReader() {}

  /**
   * {@code MetricMetadata { MetricType type = 1; string metric_family_name = 2; help = 4; unit = 5
   * }}.
   */
  static MetricMetadata read(ProtoReader in) {
    int type = 0;
    String name = "";
    String help = "";
    String unit = "";
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          WriteRequestDecoder.expect(in, tag, ProtoReader.VARINT, "MetricMetadata.type");
          type = (int) in.varint();
        }
        case 2 -> {
          WriteRequestDecoder.expect(
              in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.metric_family_name");
          name = in.string();
        }
        case 4 -> {
          WriteRequestDecoder.expect(in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.help");
          help = in.string();
        }
        case 5 -> {
          WriteRequestDecoder.expect(in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.unit");
          unit = in.string();
        }
        default -> in.skip(tag & 7);
      }
    }
    return new MetricMetadata(
        name, type >= 0 && type < TYPES.length ? TYPES[type] : "unknown", help, unit);
  }
}
