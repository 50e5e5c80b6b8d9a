package dev.tidemark.traces.otlp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Decodes OTLP/JSON traces ({@code
 * {"resourceSpans":[{"resource":…,"scopeSpans":[{"spans":[…]}]}]}}). Ids are hex, as the OTLP/JSON
 * encoding specifies (not base64 as the generic protobuf JSON mapping would have it). An id that is
 * not hex rejects its span only; a body of the wrong shape refuses the request.
 */
public final class TraceJsonDecoder {
  private TraceJsonDecoder() {}

  public static List<RawSpan> decode(byte[] body) {
    Map<String, Object> root = JsonWalk.root(body, "trace request");
    List<RawSpan> spans = new ArrayList<>();
    List<Map<String, Object>> resources = JsonWalk.objects(root, "resourceSpans", "");
    for (int r = 0; r < resources.size(); r++) {
      String rp = "resourceSpans[" + r + "]";
      Map<String, Object> rs = resources.get(r);
      Map<String, Object> resource =
          JsonWalk.attributes(
              JsonWalk.object(rs.get("resource"), rp), "attributes", rp + ".resource");
      List<Map<String, Object>> scopes = JsonWalk.objects(rs, "scopeSpans", rp);
      for (int s = 0; s < scopes.size(); s++) {
        String sp = rp + ".scopeSpans[" + s + "]";
        List<Map<String, Object>> list = JsonWalk.objects(scopes.get(s), "spans", sp);
        for (int i = 0; i < list.size(); i++) {
          spans.add(span(list.get(i), resource, sp + ".spans[" + i + "]"));
        }
      }
    }
    return spans;
  }

  private static RawSpan span(Map<String, Object> m, Map<String, Object> resource, String path) {
    String problem = null;
    byte[][] ids = new byte[3][];
    String[] keys = {"traceId", "spanId", "parentSpanId"};
    for (int i = 0; i < 3; i++) {
      String hex = JsonWalk.string(m, keys[i], path);
      try {
        ids[i] = hex.isEmpty() ? null : HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        problem = keys[i] + " \"" + shorten(hex) + "\" is not hex";
      }
    }
    List<RawSpan.RawEvent> events = new ArrayList<>();
    List<Map<String, Object>> es = JsonWalk.objects(m, "events", path);
    for (int i = 0; i < es.size(); i++) {
      String ep = path + ".events[" + i + "]";
      events.add(
          new RawSpan.RawEvent(
              JsonWalk.string(es.get(i), "name", ep),
              JsonWalk.int64(es.get(i), "timeUnixNano", ep),
              JsonWalk.attributes(es.get(i), "attributes", ep)));
    }
    Map<String, Object> status = JsonWalk.object(m.get("status"), path + ".status");
    return new RawSpan(
        resource,
        ids[0],
        ids[1],
        ids[2],
        JsonWalk.string(m, "name", path),
        (int) JsonWalk.int64(m, "kind", path),
        JsonWalk.int64(m, "startTimeUnixNano", path),
        JsonWalk.int64(m, "endTimeUnixNano", path),
        JsonWalk.attributes(m, "attributes", path),
        events,
        (int) JsonWalk.int64(status, "code", path + ".status"),
        JsonWalk.string(status, "message", path + ".status"),
        problem);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
