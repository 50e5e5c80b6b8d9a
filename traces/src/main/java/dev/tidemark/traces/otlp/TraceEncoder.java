package dev.tidemark.traces.otlp;

import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import dev.tidemark.traces.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans back into OTLP: protobuf {@code TracesData} (the wire form of an export request too) and
 * OTLP/JSON, one ResourceSpans per distinct resource, in the order spans are given. Grafana's Tempo
 * datasource asks for the protobuf form of a trace; the JSON form is for people and scripts.
 */
public final class TraceEncoder {
  private static final HexFormat HEX = HexFormat.of();

  private TraceEncoder() {}

  public static byte[] protobuf(List<Span> spans) {
    ProtoOutput out = new ProtoOutput();
    for (Map.Entry<Map<String, Object>, List<Span>> group : byResource(spans).entrySet()) {
      ProtoOutput rs = new ProtoOutput();
      ProtoOutput resource = new ProtoOutput();
      attributes(resource, 1, group.getKey());
      rs.message(1, resource);
      ProtoOutput scope = new ProtoOutput();
      for (Span s : group.getValue()) {
        scope.message(2, span(s));
      }
      rs.message(2, scope);
      out.message(1, rs);
    }
    return out.toByteArray();
  }

  private static ProtoOutput span(Span s) {
    ProtoOutput p = new ProtoOutput();
    p.bytes(1, HEX.parseHex(s.traceId()));
    p.bytes(2, HEX.parseHex(s.spanId()));
    if (s.parentSpanId() != null) {
      p.bytes(4, HEX.parseHex(s.parentSpanId()));
    }
    p.string(5, s.operation());
    p.varint(6, s.kind());
    p.fixed64(7, s.startNanos());
    p.fixed64(8, s.startNanos() + s.durationNanos());
    attributes(p, 9, s.attributes());
    for (SpanEvent e : s.events()) {
      ProtoOutput ev = new ProtoOutput();
      ev.fixed64(1, e.timeNanos());
      ev.string(2, e.name());
      attributes(ev, 3, e.attributes());
      p.message(11, ev);
    }
    ProtoOutput status = new ProtoOutput();
    if (s.statusMessage() != null && !s.statusMessage().isEmpty()) {
      status.string(2, s.statusMessage());
    }
    status.varint(3, s.statusCode());
    p.message(15, status);
    return p;
  }

  private static void attributes(ProtoOutput into, int field, Map<String, Object> attributes) {
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      ProtoOutput kv = new ProtoOutput();
      kv.string(1, a.getKey());
      ProtoOutput v = new ProtoOutput();
      Object value = a.getValue();
      if (value instanceof Boolean b) {
        v.varint(2, b ? 1 : 0);
      } else if (value instanceof Long l) {
        v.varint(3, l);
      } else if (value instanceof Integer i) {
        v.varint(3, i);
      } else if (value instanceof Double d) {
        v.float64(4, d);
      } else {
        v.string(1, String.valueOf(value));
      }
      kv.message(2, v);
      into.message(field, kv);
    }
  }

  /** OTLP/JSON: {@code {"<root>":[ResourceSpans…]}} ("resourceSpans", or Tempo's "batches"). */
  public static byte[] json(List<Span> spans, String root) {
    return JsonText.write(jsonTree(spans, root)).getBytes(StandardCharsets.UTF_8);
  }

  public static Map<String, Object> jsonTree(List<Span> spans, String root) {
    List<Object> batches = new ArrayList<>();
    for (Map.Entry<Map<String, Object>, List<Span>> group : byResource(spans).entrySet()) {
      List<Object> list = new ArrayList<>();
      for (Span s : group.getValue()) {
        list.add(jsonSpan(s));
      }
      Map<String, Object> scope = new LinkedHashMap<>();
      scope.put("scope", Map.of("name", "tidemark"));
      scope.put("spans", list);
      Map<String, Object> rs = new LinkedHashMap<>();
      rs.put("resource", Map.of("attributes", jsonAttributes(group.getKey())));
      rs.put("scopeSpans", List.of(scope));
      batches.add(rs);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(root, batches);
    return out;
  }

  private static Map<String, Object> jsonSpan(Span s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("traceId", s.traceId());
    m.put("spanId", s.spanId());
    if (s.parentSpanId() != null) {
      m.put("parentSpanId", s.parentSpanId());
    }
    m.put("name", s.operation());
    m.put("kind", s.kind());
    m.put("startTimeUnixNano", Long.toString(s.startNanos()));
    m.put("endTimeUnixNano", Long.toString(s.startNanos() + s.durationNanos()));
    m.put("attributes", jsonAttributes(s.attributes()));
    List<Object> events = new ArrayList<>();
    for (SpanEvent e : s.events()) {
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("timeUnixNano", Long.toString(e.timeNanos()));
      ev.put("name", e.name());
      ev.put("attributes", jsonAttributes(e.attributes()));
      events.add(ev);
    }
    m.put("events", events);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("code", s.statusCode());
    if (s.statusMessage() != null && !s.statusMessage().isEmpty()) {
      status.put("message", s.statusMessage());
    }
    m.put("status", status);
    return m;
  }

  public static List<Object> jsonAttributes(Map<String, Object> attributes) {
    List<Object> out = new ArrayList<>();
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      Object value = a.getValue();
      Map<String, Object> v = new LinkedHashMap<>();
      if (value instanceof Boolean b) {
        v.put("boolValue", b);
      } else if (value instanceof Long || value instanceof Integer) {
        v.put("intValue", String.valueOf(value));
      } else if (value instanceof Double d) {
        v.put("doubleValue", d);
      } else {
        v.put("stringValue", String.valueOf(value));
      }
      Map<String, Object> kv = new LinkedHashMap<>();
      kv.put("key", a.getKey());
      kv.put("value", v);
      out.add(kv);
    }
    return out;
  }

  private static Map<Map<String, Object>, List<Span>> byResource(List<Span> spans) {
    Map<Map<String, Object>, List<Span>> groups = new LinkedHashMap<>();
    for (Span s : spans) {
      Map<String, Object> resource = new LinkedHashMap<>(s.resource());
      resource.putIfAbsent("service.name", s.service());
      groups.computeIfAbsent(resource, k -> new ArrayList<>()).add(s);
    }
    return groups;
  }
}
