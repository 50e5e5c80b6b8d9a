package dev.tidemark.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A search reads matched spans page by page until it has the traces asked for: two traces of 200
 * matching spans each come before a third, older one, and all three are found, with every matched
 * span of each listed once.
 */
class SpanSearchPagingTest {
  @Test
  void readsPagesUntilItHasEnoughTraces() throws Exception {
    try (Tidemark server = TestServer.start(Map.of())) {
      long now = System.currentTimeMillis() * 1_000_000L;
      List<Span> spans = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 200; i++) {
          spans.add(span(t + 1, t * 1000 + i + 1, now - (t * 1000L + i) * 1_000_000L));
        }
      }
      spans.add(span(3, 9999, now - 3_600_000_000_000L));
      server.storage().writer().write(new Batch(null, 0, List.of(), List.of(), spans));
      JsonArray traces =
          new JsonObject(new Http(server.port()).get("/api/traces?service=shop&limit=3").body())
              .getJsonArray("traces");
      assertThat(traces).hasSize(3);
      assertThat(traces.getJsonObject(0).getJsonArray("matchedSpans")).hasSize(200);
      assertThat(traces.getJsonObject(1).getJsonArray("matchedSpans")).hasSize(200);
      assertThat(traces.getJsonObject(2).getString("traceId")).isEqualTo(String.format("%032x", 3));
      assertThat(traces.getJsonObject(0).getInteger("spanCount")).isEqualTo(200);
    }
  }

  private static Span span(int trace, int id, long start) {
    return new Span(
        String.format("%032x", trace),
        String.format("%016x", id),
        null,
        "shop",
        "op",
        2,
        start,
        1_000_000,
        0,
        "",
        null,
        Map.of(),
        Map.of(),
        List.of());
  }
}
