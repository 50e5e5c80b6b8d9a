package dev.tidemark.traces.otlp;

import dev.tidemark.traces.metrics.OtlpPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code ExportMetricsServiceRequest} (opentelemetry/proto/collector/metrics/v1) by hand:
 *
 * <pre>
 * ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
 * ScopeMetrics    { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
 * Metric { string name = 1; string unit = 3; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9;
 *          ExponentialHistogram exponential_histogram = 10; Summary summary = 11; }
 * Gauge { repeated NumberDataPoint data_points = 1; }
 * Sum, Histogram, ExponentialHistogram { repeated … data_points = 1;
 *          AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3 (Sum); }
 * NumberDataPoint { fixed64 time_unix_nano = 3; double as_double = 4; sfixed64 as_int = 6;
 *          repeated KeyValue attributes = 7; uint32 flags = 8; }
 * HistogramDataPoint { fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5;
 *          repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7;
 *          repeated KeyValue attributes = 9; uint32 flags = 10; }
 * ExponentialHistogramDataPoint { KeyValue attributes = 1; time_unix_nano = 3; count = 4; sum = 5;
 *          sint32 scale = 6; fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9;
 *          uint32 flags = 10; }   Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; }
 * SummaryDataPoint { time_unix_nano = 3; count = 4; double sum = 5;
 *          repeated ValueAtQuantile quantile_values = 6; repeated KeyValue attributes = 7;
 *          uint32 flags = 8; }   ValueAtQuantile { double quantile = 1; double value = 2; }
 * </pre>
 */
public final class MetricsProtoDecoder {
  private MetricsProtoDecoder() {}

  public static List<OtlpPoint> decode(byte[] body) {
    ProtoInput request = new ProtoInput(body, "metrics request");
    List<OtlpPoint> points = new ArrayList<>();
    while (request.next()) {
      if (request.field() == 1) {
        resourceMetrics(request.expect(ProtoInput.LEN, "resource_metrics").message(), points);
      } else {
        request.skip();
      }
    }
    return points;
  }

  private static void resourceMetrics(ProtoInput in, List<OtlpPoint> out) {
    Map<String, Object> resource = Map.of();
    List<ProtoInput> scopes = new ArrayList<>();
    while (in.next()) {
      switch (in.field()) {
        case 1 -> resource = ProtoCommon.resource(in.expect(ProtoInput.LEN, "resource").message());
        case 2 -> scopes.add(in.expect(ProtoInput.LEN, "scope_metrics").message());
        default -> in.skip();
      }
    }
    for (ProtoInput scope : scopes) {
      while (scope.next()) {
        if (scope.field() == 2) {
          metric(scope.expect(ProtoInput.LEN, "ScopeMetrics.metrics").message(), resource, out);
        } else {
          scope.skip();
        }
      }
    }
  }

  private static void metric(ProtoInput in, Map<String, Object> resource, List<OtlpPoint> out) {
    String name = "";
    String unit = "";
    ProtoInput data = null;
    OtlpPoint.Type type = null;
    while (in.next()) {
      switch (in.field()) {
        case 1 -> name = in.expect(ProtoInput.LEN, "Metric.name").string();
        case 3 -> unit = in.expect(ProtoInput.LEN, "Metric.unit").string();
        case 5, 7, 9, 10, 11 -> {
          type =
              switch (in.field()) {
                case 5 -> OtlpPoint.Type.GAUGE;
                case 7 -> OtlpPoint.Type.SUM;
                case 9 -> OtlpPoint.Type.HISTOGRAM;
                case 10 -> OtlpPoint.Type.EXPONENTIAL_HISTOGRAM;
                default -> OtlpPoint.Type.SUMMARY;
              };
          data = in.expect(ProtoInput.LEN, "Metric.data").message();
        }
        default -> in.skip();
      }
    }
    if (data == null) {
      return; // a metric without data: nothing to store
    }
    List<ProtoInput> points = new ArrayList<>();
    int temporality = 0;
    boolean monotonic = false;
    while (data.next()) {
      switch (data.field()) {
        case 1 -> points.add(data.expect(ProtoInput.LEN, "data_points").message());
        case 2 -> temporality = (int) data.expect(ProtoInput.VARINT, "temporality").varint();
        case 3 -> monotonic = data.expect(ProtoInput.VARINT, "is_monotonic").varint() != 0;
        default -> data.skip();
      }
    }
    for (ProtoInput p : points) {
      OtlpPoint.Builder b = new OtlpPoint.Builder();
      b.resource = resource;
      b.name = name;
      b.unit = unit;
      b.type = type;
      b.temporality = temporality;
      b.monotonic = monotonic;
      switch (type) {
        case GAUGE, SUM -> number(p, b);
        case HISTOGRAM -> histogram(p, b);
        case EXPONENTIAL_HISTOGRAM -> exponential(p, b);
        case SUMMARY -> summary(p, b);
      }
      out.add(b.build());
    }
  }

  private static Map<String, Object> attribute(ProtoInput in, Map<String, Object> into) {
    ProtoCommon.keyValue(in.expect(ProtoInput.LEN, "attributes").message(), into, 0);
    return into;
  }

  private static void number(ProtoInput in, OtlpPoint.Builder b) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    while (in.next()) {
      switch (in.field()) {
        case 3 -> b.timeNanos = in.expect(ProtoInput.FIXED64, "time_unix_nano").fixed64();
        case 4 -> b.value = in.expect(ProtoInput.FIXED64, "as_double").float64();
        case 6 -> b.value = in.expect(ProtoInput.FIXED64, "as_int").fixed64();
        case 7 -> attribute(in, attributes);
        case 8 -> b.flags = (int) in.expect(ProtoInput.VARINT, "flags").varint();
        default -> in.skip();
      }
    }
    b.attributes = attributes;
  }

  private static void histogram(ProtoInput in, OtlpPoint.Builder b) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    LongList counts = new LongList();
    LongList bounds = new LongList();
    while (in.next()) {
      switch (in.field()) {
        case 3 -> b.timeNanos = in.expect(ProtoInput.FIXED64, "time_unix_nano").fixed64();
        case 4 -> b.count = in.expect(ProtoInput.FIXED64, "count").fixed64();
        case 5 -> {
          b.sum = in.expect(ProtoInput.FIXED64, "sum").float64();
          b.hasSum = true;
        }
        case 6 -> in.fixed64s(counts);
        case 7 -> in.fixed64s(bounds);
        case 9 -> attribute(in, attributes);
        case 10 -> b.flags = (int) in.expect(ProtoInput.VARINT, "flags").varint();
        default -> in.skip();
      }
    }
    b.attributes = attributes;
    b.bucketCounts = counts.toArray();
    b.bounds = new double[bounds.size()];
    for (int i = 0; i < bounds.size(); i++) {
      b.bounds[i] = Double.longBitsToDouble(bounds.get(i));
    }
  }

  private static void exponential(ProtoInput in, OtlpPoint.Builder b) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    while (in.next()) {
      switch (in.field()) {
        case 1 -> attribute(in, attributes);
        case 3 -> b.timeNanos = in.expect(ProtoInput.FIXED64, "time_unix_nano").fixed64();
        case 4 -> b.count = in.expect(ProtoInput.FIXED64, "count").fixed64();
        case 5 -> {
          b.sum = in.expect(ProtoInput.FIXED64, "sum").float64();
          b.hasSum = true;
        }
        case 6 -> b.scale = in.expect(ProtoInput.VARINT, "scale").sint32();
        case 7 -> b.zeroCount = in.expect(ProtoInput.FIXED64, "zero_count").fixed64();
        case 8, 9 -> {
          boolean positive = in.field() == 8;
          ProtoInput buckets = in.expect(ProtoInput.LEN, "buckets").message();
          int offset = 0;
          LongList counts = new LongList();
          while (buckets.next()) {
            switch (buckets.field()) {
              case 1 -> offset = buckets.expect(ProtoInput.VARINT, "Buckets.offset").sint32();
              case 2 -> buckets.varints(counts);
              default -> buckets.skip();
            }
          }
          if (positive) {
            b.positiveOffset = offset;
            b.positiveCounts = counts.toArray();
          } else {
            b.negativeOffset = offset;
            b.negativeCounts = counts.toArray();
          }
        }
        case 10 -> b.flags = (int) in.expect(ProtoInput.VARINT, "flags").varint();
        default -> in.skip();
      }
    }
    b.attributes = attributes;
  }

  private static void summary(ProtoInput in, OtlpPoint.Builder b) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<double[]> quantiles = new ArrayList<>();
    while (in.next()) {
      switch (in.field()) {
        case 3 -> b.timeNanos = in.expect(ProtoInput.FIXED64, "time_unix_nano").fixed64();
        case 4 -> b.count = in.expect(ProtoInput.FIXED64, "count").fixed64();
        case 5 -> {
          b.sum = in.expect(ProtoInput.FIXED64, "sum").float64();
          b.hasSum = true;
        }
        case 6 -> {
          ProtoInput q = in.expect(ProtoInput.LEN, "quantile_values").message();
          double[] qv = new double[2];
          while (q.next()) {
            switch (q.field()) {
              case 1 -> qv[0] = q.expect(ProtoInput.FIXED64, "quantile").float64();
              case 2 -> qv[1] = q.expect(ProtoInput.FIXED64, "value").float64();
              default -> q.skip();
            }
          }
          quantiles.add(qv);
        }
        case 7 -> attribute(in, attributes);
        case 8 -> b.flags = (int) in.expect(ProtoInput.VARINT, "flags").varint();
        default -> in.skip();
      }
    }
    b.attributes = attributes;
    b.quantiles = quantiles.stream().mapToDouble(q -> q[0]).toArray();
    b.quantileValues = quantiles.stream().mapToDouble(q -> q[1]).toArray();
  }
}
