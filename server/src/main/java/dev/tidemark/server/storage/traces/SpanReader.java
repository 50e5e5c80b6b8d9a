package dev.tidemark.server.storage.traces;

import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import dev.tidemark.traces.JsonText;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rows of {@code spans} back into {@link Span}s: the column list and the row mapping. */
final class SpanReader {
  static final String COLUMNS =
      "encode(trace_id, 'hex'), encode(span_id, 'hex'), encode(parent_span_id, 'hex'), service,"
          + " operation, kind, start_ns, duration_ns, status_code, status_message, release,"
          + " attributes::text, resource::text, events::text";

  /**
   * The same columns without attributes, resource and events: what a search lists of its matched
   * spans. Reading (and detoasting, and parsing) three JSON documents per matched span was most of
   * a search's time at 10 million spans.
   */
  static final String LIGHT_COLUMNS =
      "encode(trace_id, 'hex'), encode(span_id, 'hex'), encode(parent_span_id, 'hex'), service,"
          + " operation, kind, start_ns, duration_ns, status_code, status_message, release,"
          + " '{}', '{}', '[]'";

  private SpanReader() {}

  static Span row(ResultSet rs) throws SQLException {
    return new Span(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getShort(6),
        rs.getLong(7),
        rs.getLong(8),
        rs.getShort(9),
        rs.getString(10),
        rs.getString(11),
        map(rs.getString(12)),
        map(rs.getString(13)),
        events(rs.getString(14)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(String json) {
    Object v = JsonText.parse(json.getBytes(StandardCharsets.UTF_8));
    return v instanceof Map<?, ?> m ? withoutNulls((Map<String, Object>) m) : Map.of();
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<SpanEvent> events(String json) {
    Object v = JsonText.parse(json.getBytes(StandardCharsets.UTF_8));
    List<SpanEvent> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> e = (Map<String, Object>) o;
        Object attributes = e.get("attributes");
        out.add(
            new SpanEvent(
                String.valueOf(e.get("name")),
                ((Number) e.get("time_ns")).longValue(),
                attributes instanceof Map<?, ?> a
                    ? withoutNulls((Map<String, Object>) a)
                    : Map.of()));
      }
    }
    return out;
  }
}
