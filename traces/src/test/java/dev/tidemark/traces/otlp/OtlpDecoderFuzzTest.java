package dev.tidemark.traces.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Span;
import dev.tidemark.protocol.SpanEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OTLP decoders on random, truncated and bit-flipped input: they either decode or
 * refuse with {@link OtlpFormatException}; nothing else escapes (no index errors, no overflow, no
 * out-of-memory from a hostile length).
 */
class OtlpDecoderFuzzTest {
  static final Span SPAN =
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
          "v1",
          Map.of("s", "x", "l", 7L, "d", 1.5, "b", true),
          Map.of("service.name", "shop", "service.version", "v1"),
          List.of(new SpanEvent("retry", 1_733_400_000_200_000_000L, Map.of("attempt", 2L))));

  @Test
  void encodedSpansDecodeBackWithEveryField() {
    List<RawSpan> raw = TraceProtoDecoder.decode(TraceEncoder.protobuf(List.of(SPAN)));
    assertThat(raw).hasSize(1);
    RawSpan r = raw.get(0);
    assertThat(java.util.HexFormat.of().formatHex(r.traceId())).isEqualTo(SPAN.traceId());
    assertThat(r.startNanos()).isEqualTo(SPAN.startNanos());
    assertThat(r.endNanos()).isEqualTo(SPAN.startNanos() + SPAN.durationNanos());
    assertThat(r.attributes()).isEqualTo(SPAN.attributes());
    assertThat(r.resource()).isEqualTo(SPAN.resource());
    assertThat(r.statusCode()).isEqualTo(2);
    assertThat(r.events().get(0).attributes()).containsEntry("attempt", 2L);
    List<RawSpan> json = TraceJsonDecoder.decode(TraceEncoder.json(List.of(SPAN), "resourceSpans"));
    assertThat(json.get(0).attributes()).isEqualTo(SPAN.attributes());
    assertThat(json.get(0).startNanos()).isEqualTo(SPAN.startNanos());
  }

  @Test
  void randomTruncatedAndFlippedBodiesDecodeOrRefuse() {
    byte[] valid = TraceEncoder.protobuf(List.of(SPAN, SPAN));
    Random random = new Random(15);
    for (int i = 0; i < 5000; i++) {
      byte[] body;
      switch (i % 3) {
        case 0 -> body = Arrays.copyOf(valid, random.nextInt(valid.length));
        case 1 -> {
          body = valid.clone();
          body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
        }
        default -> {
          body = new byte[random.nextInt(64)];
          random.nextBytes(body);
        }
      }
      for (Decoder d :
          List.<Decoder>of(
              TraceProtoDecoder::decode,
              MetricsProtoDecoder::decode,
              TraceJsonDecoder::decode,
              MetricsJsonDecoder::decode)) {
        try {
          d.decode(body);
        } catch (OtlpFormatException expected) {
          assertThat(expected.getMessage()).startsWith("cannot decode");
        }
      }
    }
  }

  @Test
  void aLengthPastTheEndIsRefusedBeforeAnythingIsAllocated() {
    byte[] hostile = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    assertThatThrownBy(() -> TraceProtoDecoder.decode(hostile))
        .isInstanceOf(OtlpFormatException.class)
        .hasMessageContaining("runs past the end");
  }

  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] body);
  }
}
