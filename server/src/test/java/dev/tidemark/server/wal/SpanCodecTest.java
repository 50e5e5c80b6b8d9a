package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Spans survive the write-ahead entry's encoding with every field and attribute type. */
class SpanCodecTest {
  @Test
  void spansRoundTripThroughAWriteAheadEntry() {
    Span span =
        new Span(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            "00f067aa0ba902b6",
            "shop",
            "checkout",
            2,
            1_733_400_000_123_456_789L,
            12_345_678L,
            2,
            "declined",
            "v1.4.0",
            Map.of("s", "x", "l", 7L, "d", 1.5, "b", true),
            Map.of("service.name", "shop"),
            List.of(new SpanEvent("retry", 1_733_400_000_200_000_000L, Map.of("attempt", 2L))));
    Span root =
        new Span(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b6",
            null,
            "shop",
            "GET /",
            2,
            1,
            2,
            0,
            "",
            null,
            Map.of(),
            Map.of(),
            List.of());
    Batch batch =
        new Batch(
            null,
            0,
            List.of(new Sample("m", Labels.of("a", "b"), 1000, 2.5)),
            List.of(),
            List.of(span, root));
    Bytes<byte[]> bytes = Bytes.allocateElasticOnHeap(256);
    WalCodec.write(bytes, batch, 99);
    WalCodec.Entry entry = WalCodec.read(bytes);
    assertThat(entry.appendMillis()).isEqualTo(99);
    assertThat(entry.batch().spans()).containsExactly(span, root);
    assertThat(entry.batch().samples()).hasSize(1);
    assertThat(bytes.readRemaining()).isZero();
  }
}
