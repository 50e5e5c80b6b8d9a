package dev.tidemark.server.storage.traces;

import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import dev.tidemark.server.storage.BinaryCopy;
import dev.tidemark.traces.JsonText;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans into the {@code spans} table with binary COPY, inside the storage writer's transaction (so
 * spans, like samples, are stored exactly once with the write-ahead position).
 */
public final class SpanRows {
  static final String COPY =
      "COPY spans (trace_id, span_id, parent_span_id, service, operation, kind, start_time,"
          + " start_ns, duration_ns, status_code, status_message, release, attributes, resource, events)"
          + " FROM STDIN (FORMAT binary)";

  private static final HexFormat HEX = HexFormat.of();

  private SpanRows() {}

  public static void copy(Connection c, List<Span> spans) throws SQLException {
    if (spans.isEmpty()) {
      return;
    }
    BinaryCopy copy = new BinaryCopy(spans.size(), 400);
    for (Span s : spans) {
      copy.row(15)
          .bytes(HEX.parseHex(s.traceId()))
          .bytes(HEX.parseHex(s.spanId()))
          .bytes(s.parentSpanId() == null ? null : HEX.parseHex(s.parentSpanId()))
          .text(s.service())
          .text(s.operation())
          .int2(s.kind())
          .timestampMicros(Math.floorDiv(s.startNanos(), 1000L))
          .int8(s.startNanos())
          .int8(s.durationNanos())
          .int2(s.statusCode())
          .text(s.statusMessage())
          .text(s.release())
          .jsonb(JsonText.write(s.attributes()))
          .jsonb(JsonText.write(s.resource()))
          .jsonb(events(s.events()));
    }
    copy.copy(c, COPY);
  }

  static String events(List<SpanEvent> events) {
    List<Object> out = new ArrayList<>(events.size());
    for (SpanEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("time_ns", e.timeNanos());
      m.put("attributes", e.attributes());
      out.add(m);
    }
    return JsonText.write(out);
  }
}
