package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Reason;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.ingest.BytesCache;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
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
 *
 * <p>The hot path allocates nothing per sample or per known series: samples go into {@link
 * SampleColumns}, and a series is found again by the bytes of its labels ({@link BytesCache}), with
 * its metric, labels, write-ahead form and validation decided the first time they were seen.
 */
final class WriteRequestDecoder {
  private static final String SECTION = "timeseries";

  /** Descriptions kept from one request at most (Prometheus sends 500 per request by default). */
  static final int MAX_METADATA = 10_000;

  /** Series remembered by their label bytes; past this many the memory starts afresh. */
  static final int MAX_KNOWN_SERIES = 100_000;

  private final SampleRules rules;
  private final BytesCache<Known> known = new BytesCache<>(MAX_KNOWN_SERIES);

  WriteRequestDecoder(SampleRules rules) {
    this.rules = rules;
  }

  /** A series as its labels decide it: its reference, or why every sample of it is refused. */
  private record Known(SeriesRef ref, Reason reason, String problem) {}

  DecodedWrite decode(byte[] proto) {
    return decode(proto, proto.length);
  }

  /** Decodes {@code proto[0, length)}; nothing decoded refers to {@code proto} afterwards. */
  DecodedWrite decode(byte[] proto, int length) {
    ProtoReader request = new ProtoReader(proto, 0, length);
    SampleColumns samples = new SampleColumns(1024);
    List<Rejection> rejections = new ArrayList<>();
    Points points = new Points();
    int stale = 0;
    int seen = 0;
    int seriesIndex = 0;
    List<MetricMetadata> metadata = new ArrayList<>();
    while (request.hasMore()) {
      int tag = request.tag();
      if (tag >>> 3 == 3) {
        expect(request, tag, ProtoReader.LENGTH_DELIMITED, "WriteRequest.metadata");
        MetricMetadata m = MetadataReader.read(request.message());
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
      Known series = series(request, seriesIndex, points);
      Rejection refused =
          series.problem() == null ? null : reject(seriesIndex, series.reason(), series.problem());
      for (int i = 0; i < points.count; i++) {
        if (++seen > rules.maxBatchSize()) {
          throw new RemoteWriteException(
              413,
              "cannot ingest write request: too many samples [max="
                  + rules.maxBatchSize()
                  + "]; lower max_samples_per_send");
        }
        if (refused != null) {
          rejections.add(refused); // every sample of a bad series is rejected with it
          continue;
        }
        long bits = points.values[i];
        long ts = points.timestamps[i];
        Rejection rejection =
            rules.check(SECTION, seriesIndex, null, ts, Double.longBitsToDouble(bits));
        if (rejection == null) {
          samples.add(series.ref(), ts, bits);
          stale += bits == Sample.STALE_NAN_BITS ? 1 : 0;
        } else {
          rejections.add(rejection);
        }
      }
      seriesIndex++;
    }
    return new DecodedWrite(samples, rejections, stale, metadata);
  }

  /** The samples of one TimeSeries; values as raw bits, in arrays reused for every series. */
  private static final class Points {
    long[] values = new long[16];
    long[] timestamps = new long[16];
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

  /**
   * Reads the TimeSeries at {@code in}'s position: its samples into {@code points}, its series from
   * what is known of its label bytes when they are one run with no histogram beside them (as every
   * client sends them), else decoded afresh.
   */
  private Known series(ProtoReader in, int index, Points points) {
    points.count = 0;
    int outer = in.enter();
    int start = in.position();
    int labelsFrom = -1;
    int labelsTo = -1;
    boolean uncached = false;
    while (in.hasMore()) {
      int at = in.position();
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.labels");
          uncached |= labelsFrom >= 0 && at != labelsTo;
          labelsFrom = labelsFrom < 0 ? at : labelsFrom;
          in.skip(ProtoReader.LENGTH_DELIMITED);
          labelsTo = in.position();
        }
        case 2 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.samples");
          sample(in, points);
        }
        case 4 -> {
          expect(in, tag, ProtoReader.LENGTH_DELIMITED, "TimeSeries.histograms");
          in.skip(ProtoReader.LENGTH_DELIMITED);
          uncached = true;
        }
        default -> in.skip(tag & 7);
      }
    }
    int end = in.position();
    in.leave(outer);
    if (uncached) {
      return labels(in.range(start, end), index);
    }
    int from = labelsFrom < 0 ? start : labelsFrom;
    int to = labelsFrom < 0 ? start : labelsTo;
    byte[] buf = in.buffer();
    int hash = BytesCache.hash(buf, from, to);
    Known k = known.get(buf, from, to, hash);
    return k != null ? k : known.put(buf, from, to, hash, labels(in.range(from, to), index));
  }

  /** The series of a TimeSeries' fields (samples skipped): labels, then what is wrong with them. */
  private Known labels(ProtoReader in, int index) {
    Map<String, String> labels = new HashMap<>();
    Reason reason = null;
    String problem = null;
    while (in.hasMore()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> {
          String[] label = label(in.message());
          if (labels.put(label[0], label[1]) != null && problem == null) {
            reason = Reason.BAD_LABEL_NAME;
            problem = "label " + label[0] + " appears twice";
          }
        }
        case 4 -> {
          in.skip(ProtoReader.LENGTH_DELIMITED);
          if (problem == null) {
            reason = Reason.MALFORMED;
            problem = "native histograms are not supported yet";
          }
        }
        default -> in.skip(tag & 7);
      }
    }
    String metric = labels.remove("__name__");
    Labels set = Labels.of(labels);
    if (problem == null && (metric == null || metric.isEmpty())) {
      reason = Reason.BAD_METRIC_NAME;
      problem = "label __name__ is missing";
    }
    if (problem == null) {
      problem = rules.seriesProblem(metric, set);
      reason = problem == null ? null : SampleRules.reasonOf(problem);
    }
    return new Known(problem == null ? new SeriesRef(metric, set) : null, reason, problem);
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

  private static void sample(ProtoReader in, Points points) {
    int outer = in.enter();
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
    in.leave(outer);
    points.add(valueBits, timestamp);
  }

  static void expect(ProtoReader in, int tag, int wireType, String field) {
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
