package dev.tidemark.server.ingest.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Rejection;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser remembers series by their bytes and reads plain numbers without strings: neither may
 * change an answer. A warm parser must answer every body as a fresh one does, and a plain decimal
 * must read as {@link Double#parseDouble} reads it.
 */
class LineCacheTest {
  final LineProtocolParser warm = new LineProtocolParser(LineProtocolParserTest.RULES);

  ParsedLines parse(LineProtocolParser parser, String body) {
    return parser.parse(body, Precision.MILLISECONDS, LineProtocolParserTest.NOW);
  }

  @Test
  void aWarmParserAnswersAsAFreshOne() {
    Random random = new Random(7);
    String[] series = {
      "cpu,host=a",
      "cpu,host=b",
      "cpu,host=a,bad-tag=x",
      "cpu,host=",
      "9cpu",
      "m\\ x,k\\=1=v",
      "cpu,host=a\\ b",
      "ünï,ç=é"
    };
    String[] fields = {
      "v=1", "value=2.5", "n=3i", "s=\"x\"", "bad=zz", "f=-0.5,g=7", "=1", "h=1e3"
    };
    for (int i = 0; i < 3_000; i++) {
      StringBuilder body = new StringBuilder();
      for (int line = random.nextInt(4); line >= 0; line--) {
        body.append(series[random.nextInt(series.length)])
            .append(' ')
            .append(fields[random.nextInt(fields.length)]);
        if (random.nextBoolean()) {
          body.append(' ').append(LineProtocolParserTest.NOW - random.nextInt(1000));
        }
        body.append('\n');
      }
      String text = body.toString();
      ParsedLines fresh = parse(new LineProtocolParser(LineProtocolParserTest.RULES), text);
      ParsedLines again = parse(warm, text);
      assertThat(again.samples()).as(text).isEqualTo(fresh.samples());
      assertThat(again.rejections().stream().map(Rejection::message))
          .as(text)
          .containsExactlyElementsOf(fresh.rejections().stream().map(Rejection::message).toList());
      assertThat(again.stringFields()).isEqualTo(fresh.stringFields());
    }
  }

  @Test
  void plainDecimalsReadAsParseDoubleReadsThem() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String text =
          switch (i % 4) {
            case 0 -> Long.toString(random.nextLong() % 1_000_000_000_000_000L);
            case 1 -> String.format(Locale.ROOT, "%.6f", random.nextGaussian() * 1e6);
            case 2 -> Double.toString(random.nextDouble() * (random.nextBoolean() ? 1 : -1));
            default -> "0." + Long.toString(Math.abs(random.nextLong() % 100_000_000_000_000L));
          };
      ParsedLines p = parse(warm, "m f=" + text + " " + LineProtocolParserTest.NOW);
      assertThat(p.samples()).as(text).hasSize(1);
      assertThat(Double.doubleToRawLongBits(p.samples().get(0).value()))
          .as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
    for (String edge : new String[] {"-0", "1.", "+.5", "-.5", "000123.4500", "123456789012345"}) {
      assertThat(parse(warm, "m f=" + edge).samples().get(0).value())
          .as(edge)
          .isEqualTo(Double.parseDouble(edge));
    }
  }
}
