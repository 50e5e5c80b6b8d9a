package dev.tidemark.server.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.storage.traces.SpanStore;
import dev.tidemark.traces.span.SpanMetrics;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Links a regression found in span durations to traces: each regressed {@code span_duration} row
 * gets the candidate release's slowest stored spans of that operation as exemplars (trace id, span
 * id, duration), so "checkout got slower in v1.4" opens on the slow checkouts themselves.
 */
final class SpanExemplars {
  static final int PER_OPERATION = 5;

  private SpanExemplars() {}

  static void attach(Connection c, String service, String candidate, JsonObject perf)
      throws SQLException {
    for (Object o : perf.getJsonArray("regressed_operations")) {
      JsonObject row = (JsonObject) o;
      if (!SpanMetrics.METRIC.equals(row.getString("metric"))
          || row.getString("operation") == null) {
        continue;
      }
      JsonArray exemplars = new JsonArray();
      for (SpanStore.Exemplar e :
          SpanStore.slowest(c, service, candidate, row.getString("operation"), PER_OPERATION)) {
        exemplars.add(
            new JsonObject()
                .put("trace_id", e.traceId())
                .put("span_id", e.spanId())
                .put("duration_ms", e.durationNanos() / 1e6));
      }
      row.put("exemplars", exemplars);
    }
  }
}
