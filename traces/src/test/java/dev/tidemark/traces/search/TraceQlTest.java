package dev.tidemark.traces.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceQlTest {
  @Test
  void readsTheConditionsGrafanasEditorWrites() {
    SpanQuery q =
        TraceQl.parse(
                "{resource.service.name=\"shop\" && name=\"GET /cart\" && span.http.method=\"GET\""
                    + " && duration>=1.5s && duration<2s && status=error"
                    + " && resource.service.version=\"v2\" && .user=`ann` && span:kind=server}",
                SpanQuery.builder())
            .build();
    assertThat(q.service()).isEqualTo("shop");
    assertThat(q.operation()).isEqualTo("GET /cart");
    assertThat(q.release()).isEqualTo("v2");
    assertThat(q.minDurationNanos()).isEqualTo(1_500_000_000L);
    assertThat(q.maxDurationNanos()).isEqualTo(1_999_999_999L);
    assertThat(q.statusCode()).isEqualTo(2);
    assertThat(q.kind()).isEqualTo(2);
    assertThat(q.spanAttributes()).containsEntry("http.method", "GET").containsEntry("user", "ann");
    assertThat(TraceQl.parse("{}", SpanQuery.builder()).build().service()).isNull();
  }

  @Test
  void refusesWhatItDoesNotSupportWithThePosition() {
    assertThatThrownBy(() -> TraceQl.parse("{ name != \"x\" }", SpanQuery.builder()))
        .hasMessageContaining("operator != is not supported [position=7]");
    assertThatThrownBy(() -> TraceQl.parse("{ name = \"x\" } | count() > 1", SpanQuery.builder()))
        .hasMessageContaining("only one spanset");
    assertThatThrownBy(() -> TraceQl.parse("{ duration > fast }", SpanQuery.builder()))
        .hasMessageContaining("fast is not a duration");
  }
}
