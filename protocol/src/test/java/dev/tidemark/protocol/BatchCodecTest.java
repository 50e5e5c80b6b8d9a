package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchCodecTest {
  static final long NOW = 1_732_300_000_000L;
  static final SampleRules RULES =
      new SampleRules(
          4,
          20,
          16,
          Duration.ofDays(1),
          Duration.ofMinutes(10),
          1 << 16,
          100,
          Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  static DecodedBatch decode(String json) throws BatchFormatException {
    return BatchCodec.decode(json.getBytes(StandardCharsets.UTF_8), RULES);
  }

  static String sample(String metric, String labels, String ts, String value) {
    return "{\"metric\":"
        + metric
        + ",\"labels\":"
        + labels
        + ",\"ts\":"
        + ts
        + ",\"value\":"
        + value
        + "}";
  }

  static String batch(String... samples) {
    return "{\"agent\":\"a1\",\"batch\":7,\"samples\":[" + String.join(",", samples) + "]}";
  }

  @Test
  void roundTripsSamplesAndHistograms() throws Exception {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 10L);
    }
    Batch in =
        new Batch(
            "host-1",
            42,
            List.of(new Sample("cpu_percent", Labels.of("host", "h1", "release", "v1"), NOW, 12.5)),
            List.of(new HistogramSample("http_latency", Labels.of("op", "get"), NOW, "us", h)));
    DecodedBatch out = BatchCodec.decode(BatchCodec.encode(in), RULES);
    assertThat(out.rejections()).isEmpty();
    assertThat(out.batch().agent()).isEqualTo("host-1");
    assertThat(out.batch().batch()).isEqualTo(42);
    assertThat(out.batch().samples()).containsExactlyElementsOf(in.samples());
    HistogramSample back = out.batch().histograms().get(0);
    assertThat(back.unit()).isEqualTo("us");
    assertThat(back.histogram().getTotalCount()).isEqualTo(1000);
    assertThat(back.histogram().getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty metric         | ""           | {}                   | 1732300000000 | 1   | bad_metric_name | metric name is empty
          bad metric name      | "cpu load"   | {}                   | 1732300000000 | 1   | bad_metric_name | metric name "cpu load"
          long metric name     | "m123456789012345678901" | {}       | 1732300000000 | 1   | bad_metric_name | metric name is too long
          bad label name       | "m"          | {"1x":"v"}           | 1732300000000 | 1   | bad_label_name | label name "1x"
          too many labels      | "m"          | {"a":"1","b":"2","c":"3","d":"4","e":"5"} | 1732300000000 | 1 | too_many_labels | too many labels [count=5, max=4]
          long label value     | "m"          | {"a":"12345678901234567"} | 1732300000000 | 1 | bad_label_value | value of label a is too long
          label not a string   | "m"          | {"a":1}              | 1732300000000 | 1   | malformed    | label a must have a string value
          labels not an object | "m"          | []                   | 1732300000000 | 1   | malformed    | labels must be an object
          ts too old           | "m"          | {}                   | 1000          | 1   | timestamp_too_old | timestamp 1000 is outside
          ts in future         | "m"          | {}                   | 1832300000000 | 1   | timestamp_in_future | timestamp 1832300000000 is outside
          ts not integer       | "m"          | {}                   | 17323.5       | 1   | malformed    | ts must be an integer
          ts overflows         | "m"          | {}                   | 99999999999999999999 | 1 | malformed | ts is out of range
          value a string       | "m"          | {}                   | 1732300000000 | "1" | malformed    | value must be a number
          value NaN            | "m"          | {}                   | 1732300000000 | NaN | non_finite_value | value NaN is not finite
          value infinite       | "m"          | {}                   | 1732300000000 | 1e999 | non_finite_value | value Infinity is not finite
          metric not a string  | 5            | {}                   | 1732300000000 | 1   | malformed    | metric must be a string
          """)
  void rejectsOneBadSampleAndKeepsTheOthers(
      String name,
      String metric,
      String labels,
      String ts,
      String value,
      String reason,
      String text)
      throws Exception {
    String good = sample("\"ok\"", "{\"host\":\"h\"}", String.valueOf(NOW), "1.5");
    DecodedBatch out = decode(batch(good, sample(metric, labels, ts, value), good));
    assertThat(out.accepted()).isEqualTo(2);
    assertThat(out.rejections()).hasSize(1);
    Rejection r = out.rejections().get(0);
    assertThat(r.index()).isEqualTo(1);
    assertThat(r.section()).isEqualTo("samples");
    assertThat(r.reason().key()).isEqualTo(reason);
    assertThat(r.message()).startsWith("cannot ingest samples[1]: ").contains(text);
  }

  @Test
  void reportsMissingFields() throws Exception {
    DecodedBatch out =
        decode(
            batch(
                "{\"labels\":{}}",
                "{\"metric\":\"m\"}",
                "{\"metric\":\"m\",\"ts\":" + NOW + "}",
                "7"));
    assertThat(out.rejections())
        .extracting(Rejection::message)
        .containsExactly(
            "cannot ingest samples[0]: field metric is missing",
            "cannot ingest samples[1]: field ts is missing",
            "cannot ingest samples[2]: field value is missing",
            "cannot ingest samples[3]: must be an object");
  }

  @Test
  void rejectsDuplicateLabelNames() throws Exception {
    DecodedBatch out = decode(batch(sample("\"m\"", "{\"a\":\"1\",\"a\":\"2\"}", "" + NOW, "1")));
    assertThat(out.rejections().get(0).message()).contains("label a is given twice");
  }

  @Test
  void dropsEmptyLabelValuesAsPrometheusDoes() throws Exception {
    DecodedBatch out = decode(batch(sample("\"m\"", "{\"a\":\"\",\"b\":\"x\"}", "" + NOW, "1")));
    assertThat(out.batch().samples().get(0).labels()).isEqualTo(Labels.of("b", "x"));
  }

  @Test
  void rejectsBadHistograms() throws Exception {
    String json =
        "{\"agent\":\"a\",\"batch\":1,\"histograms\":[{\"metric\":\"lat\",\"labels\":{},\"ts\":"
            + NOW
            + ",\"unit\":\"us\",\"hdr\":\"not base64!\"},{\"metric\":\"lat\",\"ts\":"
            + NOW
            + "}]}";
    DecodedBatch out = decode(json);
    assertThat(out.rejections()).hasSize(2);
    assertThat(out.rejections().get(0).reason()).isEqualTo(Reason.BAD_HISTOGRAM);
    assertThat(out.rejections().get(0).message())
        .startsWith("cannot ingest histograms[0]: hdr is not base64");
    assertThat(out.rejections().get(1).message()).contains("field hdr is missing");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json          | nope                                   | cannot parse batch
          array             | []                                     | body is not a JSON object
          truncated         | {"agent":"a","batch":1,"samples":[     | cannot parse batch
          missing agent     | {"batch":1}                            | field agent is missing
          missing batch     | {"agent":"a"}                          | field batch is missing
          bad agent         | {"agent":"a b","batch":1}              | agent must be a string
          negative batch    | {"agent":"a","batch":-1}               | batch must be a non-negative integer
          samples not array | {"agent":"a","batch":1,"samples":{}}   | samples must be an array
          trailing garbage  | {"agent":"a","batch":1} {}             | unexpected content
          """)
  void refusesUnreadableBodiesAsAWhole(String name, String body, String message) {
    assertThatThrownBy(() -> decode(body))
        .isInstanceOf(BatchFormatException.class)
        .hasMessageStartingWith("cannot parse batch")
        .hasMessageContaining(message);
  }

  @Test
  void refusesBatchesOverTheSizeLimit() {
    String[] many = new String[101];
    java.util.Arrays.fill(many, sample("\"m\"", "{}", "" + NOW, "1"));
    assertThatThrownBy(() -> decode(batch(many)))
        .isInstanceOf(BatchFormatException.class)
        .hasMessageContaining("too many samples [max=100]");
  }

  @Test
  void ignoresUnknownFields() throws Exception {
    DecodedBatch out =
        decode(
            "{\"agent\":\"a\",\"batch\":1,\"future\":{\"x\":[1,2]},\"samples\":[{\"metric\":\"m\",\"ts\":"
                + NOW
                + ",\"value\":1,\"extra\":[{}]}]}");
    assertThat(out.accepted()).isEqualTo(1);
  }

  @Test
  void eachSampleKeepsOnlyItsOwnLabels() throws Exception {
    DecodedBatch out =
        decode(
            batch(
                sample("\"m\"", "{\"host\":\"h1\",\"op\":\"read\"}", "" + NOW, "1"),
                sample("\"m\"", "{\"host\":\"h1\"}", "" + NOW, "2"),
                sample("\"n\"", "{}", "" + NOW, "3"),
                sample("\"m\"", "{\"op\":\"read\",\"host\":\"h1\"}", "" + NOW, "4")));
    List<Sample> samples = out.batch().samples();
    assertThat(samples)
        .extracting(Sample::labels)
        .containsExactly(
            Labels.of("host", "h1", "op", "read"),
            Labels.of("host", "h1"),
            Labels.empty(),
            Labels.of("host", "h1", "op", "read"));
    assertThat(samples).extracting(Sample::metric).containsExactly("m", "m", "n", "m");
  }

  @Test
  void valuesRoundTripToTheSameDouble() throws Exception {
    java.util.Random random = new java.util.Random(7);
    List<Sample> in = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double v =
          switch (i % 4) {
            case 0 -> random.nextDouble() * 100;
            case 1 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
            case 2 -> -random.nextGaussian() * 1e-300;
            default -> random.nextInt();
          };
      in.add(new Sample("m", Labels.empty(), NOW, v));
    }
    DecodedBatch out =
        BatchCodec.decode(BatchCodec.encode(new Batch("a", 1, in, List.of())), RULES);
    assertThat(out.batch().samples()).isEqualTo(in);
  }
}
