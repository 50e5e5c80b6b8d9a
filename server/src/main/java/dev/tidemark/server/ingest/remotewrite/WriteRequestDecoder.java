package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.promapi.MetricMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code prometheus.WriteRequest} (remote_write 1.0, prompb/remote.proto and types.proto)
 * by hand:
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
 *                repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }
 * </pre>
 *
 * The label {@code __name__} becomes the metric name. Every sample goes through {@link
 * SampleRules}, so NaNs and ±Inf are rejected like in every protocol, but for staleness markers
 * (the NaN with bits {@code 0x7ff0000000000002}), which are kept and counted. Metric metadata
 * (type, help, unit per family) is returned beside the samples; exemplars are skipped; native
 * histograms are rejected (not supported yet). A known field with the wrong wire type, a truncated
 * message or invalid UTF-8 refuses the whole request.
 */
final class WriteRequestDecoder {
  private static final String SECTION = "timeseries";

  /** prompb's MetricType numbers, named as the Prometheus API names them. */
  private static final String[] TYPES = {
    "unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"
  };

  /** Descriptions kept from one request at most (Prometheus sends 500 per request by default). */
  static final int MAX_METADATA = 10_000;

  private final SampleRules rules;

  WriteRequestDecoder(SampleRules rules) {
    this.rules = rules;
  }

  DecodedWrite decode(byte[] proto) {
    ProtoReader request = new ProtoReader(proto, 0, proto.length);
    List<Sample> samples = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int stale = 0;
    int seen = 0;
    int seriesIndex = 0;
    List<MetricMetadata> metadata = new ArrayList<>();
    while (request.hasMore()) {
      int tag = request.tag();
      if (tag >>> 3 == 3) {
        expect(request, tag, ProtoReader.LENGTH_DELIMITED, "WriteRequest.metadata");
        MetricMetadata m = metadata(request.message());
        if (!m.metric().isEmpty() && metadata.size() < MAX_METADATA) {
          metadata.add(m);
        }
        continue;
      }
      if (tag >>> 3 != 1) {
        request.skip(tag & 7);
        continue;
      }
      expect(request, tag, ProtoReader.LENGTH_DELIMITED, "WriteRequest.timeseries");
      Series series = series(request.message(), seriesIndex);
      for (int i = 0; i < series.count; i++) {
        if (++seen > rules.maxBatchSize()) {
          throw new RemoteWriteException(
              413,
              "cannot ingest write request: too many samples [max="
                  + rules.maxBatchSize()
                  + "]; lower max_samples_per_send");
        }
        long bits = series.values[i];
        if (series.problem != null) {
          rejections.add(series.problem); // every sample of a bad series is rejected with it
          continue;
        }
        Sample sample =
            new Sample(
                series.metric, series.labels, series.timestamps[i], Double.longBitsToDouble(bits));
        Rejection rejection = rules.check(SECTION, seriesIndex, sample);
        if (rejection == null) {
          samples.add(sample);
          stale += sample.isStaleMarker() ? 1 : 0;
        } else {
          rejections.add(rejection);
        }
      }
      seriesIndex++;
    }
    return new DecodedWrite(samples, rejections, stale, metadata);
  }

  /**
   * {@code MetricMetadata { MetricType type = 1; string metric_family_name = 2; help = 4; unit = 5
   * }}.
   */
  private static MetricMetadata metadata(ProtoReader in) {
    int type = 0;
    String name = "";
    String help = "";
    String unit = "";
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          expect(in, tag, ProtoReader.VARINT, "MetricMetadata.type");
          type = (int) in.varint();
        }
        case 2 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.metric_family_name");
          name = in.string();
        }
        case 4 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.help");
          help = in.string();
        }
        case 5 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "MetricMetadata.unit");
          unit = in.string();
        }
        default -> in.skip(tag & 7);
      }
    }
    return new MetricMetadata(
        name, type >= 0 && type < TYPES.length ? TYPES[type] : "unknown", help, unit);
  }

  /** One TimeSeries; values as raw bits, in primitive arrays (no boxing per sample). */
  private static final class Series {
    String metric;
    Labels labels;
    Rejection problem;
    long[] values = new long[4];
    long[] timestamps = new long[4];
    int count;

    void add(long valueBits, long timestamp) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
        timestamps = Arrays.copyOf(timestamps, count * 2);
      }
      values[count] = valueBits;
      timestamps[count++] = timestamp;
    }
  }

  private Series series(ProtoReader in, int index) {
    Series s = new Series();
    Map<String, String> labels = new HashMap<>();
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.labels");
          String[] label = label(in.message());
          if (labels.put(label[0], label[1]) != null && s.problem == null) {
            s.problem =
                reject(index, Reason.BAD_LABEL_NAME, "label " + label[0] + " appears twice");
          }
        }
        case 2 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.samples");
          sample(in.message(), s);
        }
        case 4 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.histograms");
          in.skip(ProtoReader.LENGTH_DELIMITED);
          if (s.problem == null) {
            s.problem = reject(index, Reason.MALFORMED, "native histograms are not supported yet");
          }
        }
        default -> in.skip(tag & 7);
      }
    }
    s.metric = labels.remove("__name__");
    s.labels = Labels.of(labels);
    if (s.problem == null && (s.metric == null || s.metric.isEmpty())) {
      s.problem = reject(index, Reason.BAD_METRIC_NAME, "label __name__ is missing");
    }
    return s;
  }

  private static String[] label(ProtoReader in) {
    String name = "";
    String value = "";
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "Label.name");
          name = in.string();
        }
        case 2 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "Label.value");
          value = in.string();
        }
        default -> in.skip(tag & 7);
      }
    }
    return new String[] {name, value};
  }

  private static void sample(ProtoReader in, Series s) {
    long valueBits = 0; // proto3 defaults: 0.0 and 0
    long timestamp = 0;
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          expect(in, tag, ProtoReader.FIXED64, "Sample.value");
          valueBits = in.fixed64();
        }
        case 2 -> {
          expect(in, tag, ProtoReader.VARINT, "Sample.timestamp");
          timestamp = in.varint();
        }
        default -> in.skip(tag & 7);
      }
    }
    s.add(valueBits, timestamp);
  }

  private static void expect(ProtoReader in, int tag, int wireType, String field) {
    if ((tag & 7) != wireType) {
      throw in.malformed(
          "field " + field + " has wire type " + (tag & 7) + ", expected " + wireType);
    }
  }

  private static Rejection reject(int index, Reason reason, String problem) {
    return new Rejection(
        SECTION, index, reason, "cannot ingest " + SECTION + "[" + index + "]: " + problem);
  }
}
