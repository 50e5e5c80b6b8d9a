package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HdrCodecTest {
  @Test
  void roundTrips() {
    Histogram h = new Histogram(3);
    for (long v = 1; v < 100_000; v += 7) {
      h.recordValue(v);
    }
    Histogram back = HdrCodec.decode(HdrCodec.encode(h), 1 << 20);
    assertThat(back).isEqualTo(h);
  }

  @Test
  void refusesTruncatedInput() {
    Histogram h = new Histogram(3);
    h.recordValue(1234);
    byte[] bytes = Base64.getDecoder().decode(HdrCodec.encode(h));
    for (int cut = 0; cut < bytes.length; cut++) {
      String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, cut));
      assertThatThrownBy(() -> HdrCodec.decode(truncated, 1 << 20))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("hdr ");
    }
  }

  @Test
  void refusesHeadersThatWouldAllocateTooMuch() {
    // an uncompressed header claiming 5 significant digits over the whole long range
    ByteBuffer plain = ByteBuffer.allocate(40);
    plain
        .putInt(0x1c849303 | 0x10)
        .putInt(0)
        .putInt(0)
        .putInt(5)
        .putLong(1)
        .putLong(Long.MAX_VALUE / 2)
        .putDouble(1.0);
    assertThatThrownBy(() -> HdrCodec.decode(compressed(plain.array()), 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too many significant digits [digits=5, max=3]");
  }

  @Test
  void refusesDecompressionBombs() {
    byte[] zeros = new byte[4 << 20];
    assertThatThrownBy(() -> HdrCodec.decode(compressed(zeros), 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inflates beyond the limit");
  }

  @Test
  void refusesOtherEncodings() {
    assertThatThrownBy(
            () -> HdrCodec.decode(Base64.getEncoder().encodeToString(new byte[16]), 1024))
        .hasMessageContaining("not a compressed V2 HdrHistogram");
  }

  private static String compressed(byte[] plain) {
    Deflater d = new Deflater();
    d.setInput(plain);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    byte[] z = out.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(8 + z.length);
    b.putInt(0x1c849304 | 0x10).putInt(z.length).put(z);
    return Base64.getEncoder().encodeToString(b.array());
  }
}
