package dev.tidemark.traces.otlp;

import dev.tidemark.traces.metrics.OtlpPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decodes OTLP/JSON metrics ({@code {"resourceMetrics":[…]}}), the same fields as protobuf. */
public final class MetricsJsonDecoder {
  private MetricsJsonDecoder() {}

  public static List<OtlpPoint> decode(byte[] body) {
    Map<String, Object> root = JsonWalk.root(body, "metrics request");
    List<OtlpPoint> out = new ArrayList<>();
    List<Map<String, Object>> resources = JsonWalk.objects(root, "resourceMetrics", "");
    for (int r = 0; r < resources.size(); r++) {
      String rp = "resourceMetrics[" + r + "]";
      Map<String, Object> resource =
          JsonWalk.attributes(
              JsonWalk.object(resources.get(r).get("resource"), rp),
              "attributes",
              rp + ".resource");
      List<Map<String, Object>> scopes = JsonWalk.objects(resources.get(r), "scopeMetrics", rp);
      for (int s = 0; s < scopes.size(); s++) {
        String sp = rp + ".scopeMetrics[" + s + "]";
        List<Map<String, Object>> metrics = JsonWalk.objects(scopes.get(s), "metrics", sp);
        for (int m = 0; m < metrics.size(); m++) {
          metric(metrics.get(m), resource, sp + ".metrics[" + m + "]", out);
        }
      }
    }
    return out;
  }

  private static void metric(
      Map<String, Object> m, Map<String, Object> resource, String path, List<OtlpPoint> out) {
    String[] keys = {"gauge", "sum", "histogram", "exponentialHistogram", "summary"};
    OtlpPoint.Type[] types = OtlpPoint.Type.values();
    for (int k = 0; k < keys.length; k++) {
      if (!m.containsKey(keys[k])) {
        continue;
      }
      String dp = path + "." + keys[k];
      Map<String, Object> data = JsonWalk.object(m.get(keys[k]), dp);
      List<Map<String, Object>> points = JsonWalk.objects(data, "dataPoints", dp);
      for (int i = 0; i < points.size(); i++) {
        Map<String, Object> p = points.get(i);
        String pp = dp + ".dataPoints[" + i + "]";
        OtlpPoint.Builder b = new OtlpPoint.Builder();
        b.resource = resource;
        b.name = JsonWalk.string(m, "name", path);
        b.unit = JsonWalk.string(m, "unit", path);
        b.type = types[k];
        b.temporality = (int) JsonWalk.int64(data, "aggregationTemporality", dp);
        b.monotonic = JsonWalk.bool(data, "isMonotonic", dp);
        b.attributes = JsonWalk.attributes(p, "attributes", pp);
        b.timeNanos = JsonWalk.int64(p, "timeUnixNano", pp);
        b.flags = (int) JsonWalk.int64(p, "flags", pp);
        b.value =
            p.containsKey("asInt")
                ? JsonWalk.int64(p, "asInt", pp)
                : JsonWalk.float64(p, "asDouble", pp);
        b.count = JsonWalk.int64(p, "count", pp);
        b.hasSum = p.containsKey("sum");
        b.sum = JsonWalk.float64(p, "sum", pp);
        b.bucketCounts = longs(JsonWalk.list(p, "bucketCounts", pp), pp + ".bucketCounts");
        List<Object> bounds = JsonWalk.list(p, "explicitBounds", pp);
        b.bounds = new double[bounds.size()];
        for (int j = 0; j < bounds.size(); j++) {
          b.bounds[j] =
              bounds.get(j) == null
                  ? 0
                  : JsonWalk.float64(Map.of("v", bounds.get(j)), "v", pp + ".explicitBounds");
        }
        b.scale = (int) JsonWalk.int64(p, "scale", pp);
        b.zeroCount = JsonWalk.int64(p, "zeroCount", pp);
        Map<String, Object> pos = JsonWalk.object(p.get("positive"), pp + ".positive");
        b.positiveOffset = (int) JsonWalk.int64(pos, "offset", pp + ".positive");
        b.positiveCounts = longs(JsonWalk.list(pos, "bucketCounts", pp), pp + ".positive");
        Map<String, Object> neg = JsonWalk.object(p.get("negative"), pp + ".negative");
        b.negativeOffset = (int) JsonWalk.int64(neg, "offset", pp + ".negative");
        b.negativeCounts = longs(JsonWalk.list(neg, "bucketCounts", pp), pp + ".negative");
        List<Map<String, Object>> qs = JsonWalk.objects(p, "quantileValues", pp);
        b.quantiles = new double[qs.size()];
        b.quantileValues = new double[qs.size()];
        for (int j = 0; j < qs.size(); j++) {
          b.quantiles[j] = JsonWalk.float64(qs.get(j), "quantile", pp);
          b.quantileValues[j] = JsonWalk.float64(qs.get(j), "value", pp);
        }
        out.add(b.build());
      }
      return;
    }
  }

  private static long[] longs(List<Object> values, String path) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i) == null ? 0 : JsonWalk.int64(Map.of("v", values.get(i)), "v", path);
    }
    return out;
  }
}
