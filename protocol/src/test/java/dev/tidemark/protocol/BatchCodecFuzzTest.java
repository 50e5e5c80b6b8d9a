package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Random, mutated and truncated bodies: the codec answers with rejections or a format error. */
class BatchCodecFuzzTest {
  private static final long NOW = BatchCodecTest.NOW;

  @Test
  void everyPrefixOfAValidBatchIsHandled() {
    byte[] valid = validBatch(new Random(1));
    for (int cut = 0; cut <= valid.length; cut++) {
      assertHandled(java.util.Arrays.copyOf(valid, cut));
    }
  }

  @Test
  void randomMutationsAreHandled() {
    Random random = new Random(42);
    byte[] alphabet = "{}[]\":,0123456789.-eE+truefalsnl \\uabc".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 3000; round++) {
      byte[] body = validBatch(random);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(body.length);
        body[at] =
            random.nextInt(4) == 0
                ? (byte) random.nextInt(256)
                : alphabet[random.nextInt(alphabet.length)];
      }
      assertHandled(body);
    }
  }

  @Test
  void randomBytesAreHandled() {
    Random random = new Random(7);
    for (int round = 0; round < 1000; round++) {
      byte[] body = new byte[random.nextInt(200)];
      random.nextBytes(body);
      assertHandled(body);
    }
  }

  private static void assertHandled(byte[] body) {
    try {
      DecodedBatch out = BatchCodec.decode(body, BatchCodecTest.RULES);
      assertThat(out.accepted() + out.rejections().size()).isGreaterThanOrEqualTo(0);
    } catch (BatchFormatException e) {
      assertThat(e.getMessage()).startsWith("cannot parse batch");
    }
  }

  private static byte[] validBatch(Random random) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      samples.add(
          new Sample(
              "m_" + i, Labels.of("host", "h" + random.nextInt(9)), NOW - i, random.nextDouble()));
    }
    Histogram h = new Histogram(2);
    h.recordValue(1 + random.nextInt(1000));
    return BatchCodec.encode(
        new Batch(
            "fuzz",
            random.nextInt(1000),
            samples,
            List.of(new HistogramSample("lat", Labels.empty(), NOW, "us", h))));
  }
}
