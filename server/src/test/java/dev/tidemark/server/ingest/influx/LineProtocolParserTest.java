package dev.tidemark.server.ingest.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Line-protocol syntax, types, escaping and precision, without a server. */
class LineProtocolParserTest {
  static final long NOW = 1_700_000_000_000L;
  static final SampleRules RULES =
      new SampleRules(
          30,
          200,
          1024,
          Duration.ofDays(14),
          Duration.ofMinutes(10),
          1 << 20,
          1000,
          Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  final LineProtocolParser parser = new LineProtocolParser(RULES);

  ParsedLines parse(String body) {
    return parser.parse(body, Precision.NANOSECONDS, NOW);
  }

  static Stream<Arguments> valid() {
    long ns = NOW * 1_000_000;
    return Stream.of(
        Arguments.of(
            "tags, two fields, ns timestamp",
            "cpu,host=h1,release=v1.3.0 usage_idle=99.5,usage_user=0.5 " + ns,
            new Sample("cpu_usage_idle", Labels.of("host", "h1", "release", "v1.3.0"), NOW, 99.5)),
        Arguments.of("field named value", "temp value=21.5 " + ns, s("temp", 21.5)),
        Arguments.of("no timestamp: server time", "temp value=3", s("temp", 3)),
        Arguments.of("integer", "m f=-12i", s("m_f", -12)),
        Arguments.of("unsigned", "m f=18446744073709551615u", s("m_f", 1.8446744073709552E19)),
        Arguments.of("boolean t", "m f=t", s("m_f", 1)),
        Arguments.of("boolean FALSE", "m f=FALSE", s("m_f", 0)),
        Arguments.of("float exponent", "m f=1.5e3", s("m_f", 1500)),
        Arguments.of("float leading dot", "m f=-.5", s("m_f", -0.5)),
        Arguments.of("integer-looking float", "m f=42", s("m_f", 42)),
        Arguments.of(
            "escaped measurement",
            "my\\ meas\\,ure f=1",
            new Sample("my_meas_ure_f", Labels.empty(), NOW, 1)),
        Arguments.of(
            "escaped tag key and value",
            "m,tag\\ key=va\\,l\\=u\\ e f=1",
            new Sample("m_f", Labels.of("tag_key", "va,l=u e"), NOW, 1)),
        Arguments.of(
            "escaped field key", "m f\\=x\\ y=2", new Sample("m_f_x_y", Labels.empty(), NOW, 2)),
        Arguments.of(
            "dots and dashes become underscores",
            "http.requests,path-group=a count=1",
            new Sample("http_requests_count", Labels.of("path_group", "a"), NOW, 1)),
        Arguments.of(
            "backslash before another character is literal",
            "m,t=a\\b f=1",
            new Sample("m_f", Labels.of("t", "a\\b"), NOW, 1)),
        Arguments.of("string field first", "m s=\"x, y=z \\\" \\\\\",n=7", s("m_n", 7)),
        Arguments.of("CRLF line end", "m f=1\r", s("m_f", 1)),
        Arguments.of("trailing spaces", "m f=1 " + ns + "  ", s("m_f", 1)));
  }

  static Sample s(String metric, double value) {
    return new Sample(metric, Labels.empty(), NOW, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses(String name, String line, Sample first) {
    ParsedLines p = parse(line);
    assertThat(p.rejections()).isEmpty();
    assertThat(p.samples()).first().isEqualTo(first);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("cpu", "fields are missing"),
        Arguments.of("cpu ", "fields are missing"),
        Arguments.of("cpu f=", "value of field f is missing"),
        Arguments.of("cpu f=abc", "value \"abc\" of field f is not a number, boolean or string"),
        Arguments.of("cpu f=NaN", "is not a number"),
        Arguments.of("cpu f=1i2", "is not a number"),
        Arguments.of("cpu f=99999999999999999999i", "is not a number"),
        Arguments.of("cpu f=-1u", "is not a number"),
        Arguments.of("cpu f=\"open", "has no closing quote"),
        Arguments.of("cpu f=1 abc", "timestamp \"abc\" is not an integer"),
        Arguments.of("cpu f=1 99999999999999999999", "out of range"),
        Arguments.of("cpu f=1 1 2", "unexpected \"2\" at column 11"),
        Arguments.of("cpu,host f=1", "expected '=' after tag key host"),
        Arguments.of("cpu,host= f=1", "tag host is empty"),
        Arguments.of(",host=a f=1", "measurement is missing"),
        Arguments.of("cpu =1", "field key is empty"),
        Arguments.of("cpu f=1,", "field key is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheLineNumber(String line, String cause) {
    ParsedLines p = parse("ok f=1\n" + line + "\nok g=2");
    assertThat(p.samples()).extracting(Sample::metric).containsExactly("ok_f", "ok_g");
    assertThat(p.rejections()).hasSize(1);
    assertThat(p.rejections().get(0).message()).startsWith("cannot parse line 2: ").contains(cause);
  }

  @Test
  void blankLinesAndCommentsCountAsLines() {
    ParsedLines p = parse("\n# a comment\nm f=1\n\nbad\n");
    assertThat(p.samples()).hasSize(1);
    assertThat(p.rejections().get(0).message())
        .isEqualTo("cannot parse line 5: fields are missing");
  }

  @Test
  void stringFieldsAreSkippedAndCounted() {
    ParsedLines p = parse("m a=\"x\",b=\"y\",c=1\nm d=\"only\"");
    assertThat(p.samples()).extracting(Sample::metric).containsExactly("m_c");
    assertThat(p.stringFields()).isEqualTo(3);
    assertThat(p.rejections()).isEmpty();
  }

  @Test
  void rulesApplyPerField() {
    ParsedLines p = parse("m,a=1 f=1 1\n");
    assertThat(p.rejections().get(0).message())
        .startsWith("cannot ingest line 1: timestamp 0 is outside the accepted window");
  }

  @Test
  void precisions() {
    assertThat(Precision.parse(null, false)).isEqualTo(Precision.NANOSECONDS);
    assertThat(Precision.parse("us", false).toMillis(NOW * 1000 + 999)).isEqualTo(NOW);
    assertThat(Precision.parse("s", false).toMillis(NOW / 1000)).isEqualTo(NOW);
    assertThat(Precision.parse("h", false)).isNull();
    assertThat(Precision.parse("h", true).toMillis(1)).isEqualTo(3_600_000);
    assertThat(Precision.parse("m", true).toMillis(2)).isEqualTo(120_000);
    assertThat(Precision.parse("n", true)).isEqualTo(Precision.NANOSECONDS);
    assertThat(Precision.parse("u", true)).isEqualTo(Precision.MICROSECONDS);
    assertThat(Precision.parse("x", true)).isNull();
    assertThat(
            parser.parse("m f=1 " + NOW / 1000, Precision.SECONDS, 0).samples().get(0).timestamp())
        .isEqualTo(NOW);
    assertThat(
            parser
                .parse("m f=1 9223372036854775807", Precision.HOURS, NOW)
                .rejections()
                .get(0)
                .message())
        .contains("out of range for precision HOURS");
  }

  @Test
  void tooManySamplesStopsTheParse() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      body.append("m f=").append(i).append('\n');
    }
    assertThatThrownBy(() -> parse(body.toString()))
        .isInstanceOf(TooManySamplesException.class)
        .hasMessageContaining("[max=1000]");
  }

  @Test
  void randomAndTruncatedInputNeverThrows() {
    Random random = new Random(11);
    String alphabet = "ab,= \\\"\n\r1i0u.e-+tf#";
    String valid = "cpu,host=h\\ 1 usage=1.5,n=2i,s=\"x\\\"y\",b=t " + NOW * 1_000_000 + "\n";
    for (int i = 0; i < 20_000; i++) {
      String body;
      if (i % 2 == 0) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(40); n > 0; n--) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        body = sb.toString();
      } else {
        body = valid.substring(0, random.nextInt(valid.length() + 1));
      }
      ParsedLines p = parse(body);
      p.rejections().forEach(r -> assertThat(r.message()).startsWith("cannot "));
    }
  }
}
