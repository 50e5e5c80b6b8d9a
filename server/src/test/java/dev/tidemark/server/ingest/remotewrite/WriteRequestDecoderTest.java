package dev.tidemark.server.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.SampleRules;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written decoder against payloads the protobuf library encodes, and hostile bytes. */
class WriteRequestDecoderTest {
  final WriteRequestDecoder decoder = new WriteRequestDecoder(SampleRules.defaults());
  final long now = System.currentTimeMillis();

  @Test
  void decodesWhatProtobufEncodes() {
    DecodedWrite d =
        decoder.decode(
            PromWrite.request()
                .series(Map.of("__name__", "m", "b", "2", "a", "1", "empty", ""), now, -0.5)
                .proto());
    assertThat(d.rejections()).isEmpty();
    assertThat(d.samples()).hasSize(1);
    assertThat(d.samples().get(0).metric()).isEqualTo("m");
    assertThat(d.samples().get(0).labels()).isEqualTo(Labels.of("a", "1", "b", "2"));
    assertThat(d.samples().get(0).timestamp()).isEqualTo(now);
    assertThat(d.samples().get(0).value()).isEqualTo(-0.5);
  }

  @Test
  void unknownFieldsAreSkipped() {
    byte[] known = PromWrite.request().series(Map.of("__name__", "m"), now, 1.0).proto();
    // field 3 (metadata, length-delimited) and field 9 (varint) before the time series
    byte[] extra = {0x1a, 0x02, 0x08, 0x01, 0x48, 0x05};
    byte[] both = Arrays.copyOf(extra, extra.length + known.length);
    System.arraycopy(known, 0, both, extra.length, known.length);
    assertThat(decoder.decode(both).samples()).hasSize(1);
  }

  @Test
  void duplicateLabelsRejectTheSeries() {
    // TimeSeries with label a=1 twice and __name__=m, one sample
    byte[] label = {0x0a, 0x01, 'a', 0x12, 0x01, '1'};
    byte[] name = {0x0a, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 0x01, 'm'};
    byte[] sample = {0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f};
    byte[] ts = concat(field(1, label), field(1, label), field(1, name), field(2, sample));
    DecodedWrite d = decoder.decode(field(1, ts));
    assertThat(d.samples()).isEmpty();
    assertThat(d.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("appears twice"));
  }

  @Test
  void aSeriesSeenBeforeDecodesAsTheFirstTime() {
    byte[] request =
        PromWrite.request()
            .series(Map.of("__name__", "m", "a", "1"), now, 1.0)
            .series(Map.of("__name__", "bad-name", "a", "1"), now, 2.0)
            .series(Map.of("__name__", "m", "a", "2"), now - 1, 3.0)
            .proto();
    DecodedWrite first = decoder.decode(request);
    DecodedWrite second = decoder.decode(request); // every series known now
    assertThat(second.samples()).isEqualTo(first.samples()).hasSize(2);
    assertThat(second.rejections()).isEqualTo(first.rejections());
    assertThat(second.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).startsWith("cannot ingest timeseries[1]: "));
    // the bad series again, at another index: rejected under its own index
    DecodedWrite moved =
        decoder.decode(
            PromWrite.request()
                .series(Map.of("__name__", "m", "a", "1"), now, 1.0)
                .series(Map.of("__name__", "m", "a", "3"), now, 1.0)
                .series(Map.of("__name__", "bad-name", "a", "1"), now, 2.0)
                .proto());
    assertThat(moved.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).startsWith("cannot ingest timeseries[2]: "));
    assertThat(moved.samples().get(0).labels()).isEqualTo(Labels.of("a", "1"));
  }

  @Test
  void labelsSplitBySamplesAreDecodedAsAWhole() {
    byte[] name = {0x0a, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 0x01, 'm'};
    byte[] label = {0x0a, 0x01, 'a', 0x12, 0x01, '1'};
    byte[] sample = new byte[11];
    sample[0] = 0x09;
    long bits = Double.doubleToRawLongBits(4.0);
    for (int i = 0; i < 8; i++) {
      sample[1 + i] = (byte) (bits >>> (8 * i));
    }
    sample[9] = 0x10;
    sample[10] = 0x05; // timestamp 5: too old, so rejected, but after its series is decided
    byte[] ts = concat(field(1, name), field(2, sample), field(1, label));
    DecodedWrite d = decoder.decode(concat(field(1, ts), field(1, ts)));
    assertThat(d.rejections()).hasSize(2);
    assertThat(d.rejections().get(1).message()).contains("timeseries[1]", "timestamp 5");
  }

  @Test
  void groupsAndOverlongVarintsAreRefused() {
    assertThatThrownBy(() -> decoder.decode(new byte[] {0x0b}))
        .isInstanceOf(RemoteWriteException.class)
        .hasMessageContaining("wire type 3");
    byte[] tooLong = new byte[12];
    Arrays.fill(tooLong, (byte) 0xFF);
    assertThatThrownBy(() -> decoder.decode(tooLong)).hasMessageContaining("overflows 64 bits");
  }

  @Test
  void randomBytesEitherDecodeOrFailWithAFormatError() {
    Random random = new Random(7);
    byte[] valid =
        PromWrite.request().series(Map.of("__name__", "m", "h", "x"), now, 1.0, now, 2.0).proto();
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        decoder.decode(input);
      } catch (RemoteWriteException e) {
        assertThat(e.status()).isIn(400, 413);
        assertThat(e.getMessage()).startsWith("cannot decode write request: ");
      }
    }
  }

  @Test
  void snappyHeadersPastTheLimitAre413BeforeAllocating() {
    byte[] claimsHuge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0x00}; // 2 MiB
    assertThatThrownBy(() -> SnappyBlock.decompress(claimsHuge, 1 << 20))
        .isInstanceOfSatisfying(
            RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(413));
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      byte[] junk = new byte[random.nextInt(100)];
      random.nextBytes(junk);
      try {
        SnappyBlock.decompress(junk, 1 << 20);
      } catch (RemoteWriteException e) {
        assertThat(e.status()).isIn(400, 413);
      }
    }
  }

  static byte[] field(int number, byte[] message) {
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) message.length}, message);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
