package dev.tidemark.protocol.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchFormatException;
import dev.tidemark.protocol.DecodedBatch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CompactFormatTest {
  private static final long NOW = System.currentTimeMillis();
  private final SampleRules rules = SampleRules.defaults();
  private final SeriesTables tables = SeriesTables.defaults();
  private final CompactWriter writer = new CompactWriter();

  private static Labels host(String... more) {
    List<String> l = new ArrayList<>(List.of("host", "h1", "release", "v1.3.0"));
    l.addAll(List.of(more));
    return Labels.of(l.toArray(new String[0]));
  }

  /** One probe of a host at a 1 s interval: ~600 series, the same ones each second. */
  private static Batch probe(long batch, long ts) {
    List<Sample> s = new ArrayList<>();
    Random random = new Random(batch);
    for (int cpu = 0; cpu < 16; cpu++) {
      for (String mode :
          new String[] {"user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice"}) {
        s.add(
            new Sample(
                "node_cpu_seconds_total",
                host("cpu", "" + cpu, "mode", mode),
                ts,
                123456.78 + batch + random.nextInt(100) / 100.0));
      }
    }
    for (int i = 0; i < 450; i++) {
      s.add(
          new Sample(
              "node_metric_" + (i % 45) + "_total",
              host("device", "dev" + (i / 45)),
              ts,
              (double) (987654321L + batch * 1000 + random.nextInt(5000))));
    }
    s.add(new Sample("node_load1", host(), ts, 0.52));
    return new Batch("host-1", batch, s, List.of());
  }

  @Test
  void decodesToTheSameSamplesAndHistogramsExactly() throws Exception {
    Histogram h = new Histogram(3);
    h.recordValue(1532);
    h.recordValue(99);
    List<Sample> samples =
        List.of(
            new Sample("a", host(), NOW, 0.52),
            new Sample("a", host("x", "1"), NOW + 1000, -12.5),
            new Sample("b", host(), NOW - 5, 1e300),
            new Sample("b", host(), NOW, 1.0 / 3),
            new Sample("c", host(), NOW, -0.0),
            new Sample("c", host(), NOW, 9_007_199_254_740_993.0),
            Sample.staleMarker("d", host(), NOW));
    Batch batch =
        new Batch("host-1", 42, samples, List.of(new HistogramSample("lat", host(), NOW, "us", h)));
    DecodedBatch d = CompactReader.decode(writer.encode(batch), rules, tables);
    assertThat(d.rejections()).isEmpty();
    assertThat(d.batch().agent()).isEqualTo("host-1");
    assertThat(d.batch().batch()).isEqualTo(42);
    assertThat(d.batch().samples()).hasSize(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Sample want = samples.get(i);
      Sample got = d.batch().samples().get(i);
      assertThat(got.metric()).isEqualTo(want.metric());
      assertThat(got.labels()).isEqualTo(want.labels());
      assertThat(got.timestamp()).isEqualTo(want.timestamp());
      assertThat(Double.doubleToRawLongBits(got.value()))
          .as("value %s", want.value())
          .isEqualTo(Double.doubleToRawLongBits(want.value()));
    }
    assertThat(d.batch().samples().get(6).isStaleMarker()).isTrue();
    assertThat(d.batch().histograms().get(0).histogram().getTotalCount()).isEqualTo(2);
  }

  @Test
  void seriesAreDefinedOncePerEpochAndAbout20BytesASampleBecomeFarFewer() throws Exception {
    byte[] first = writer.encode(probe(1, NOW));
    CompactReader.decode(first, rules, tables);
    writer.acknowledged();
    byte[] second = writer.encode(probe(2, NOW + 1000));
    DecodedBatch d = CompactReader.decode(second, rules, tables);
    int n = d.batch().samples().size();
    assertThat(d.batch().samples().get(n - 1).labels()).isEqualTo(host());
    assertThat(second.length).isLessThan(first.length / 4);
    double perSample = (double) second.length / n;
    double zstd = (double) Compression.compress("zstd", second).length / n;
    double snappy = (double) Compression.compress("snappy", second).length / n;
    System.out.printf(
        "compact bytes per sample: first batch %.1f, then %.1f raw, %.1f zstd, %.1f snappy%n",
        (double) first.length / n, perSample, zstd, snappy);
    assertThat(perSample).isLessThanOrEqualTo(20);
    assertThat(zstd).isLessThanOrEqualTo(perSample);
  }

  @Test
  void anUnknownIdIsAConflictAndANewEpochDefinesEverythingAgain() throws Exception {
    CompactReader.decode(writer.encode(probe(1, NOW)), rules, tables);
    writer.acknowledged();
    SeriesTables restarted = SeriesTables.defaults();
    byte[] body = writer.encode(probe(2, NOW + 1000));
    assertThatThrownBy(() -> CompactReader.decode(body, rules, restarted))
        .isInstanceOf(UnknownSeriesException.class)
        .hasMessageContaining("not defined in this epoch");
    long before = writer.epoch();
    writer.newEpoch();
    assertThat(writer.epoch()).isNotEqualTo(before);
    DecodedBatch d = CompactReader.decode(writer.encode(probe(2, NOW + 1000)), rules, restarted);
    assertThat(d.batch().samples()).hasSize(probe(2, NOW).samples().size());
    assertThat(d.rejections()).isEmpty();
  }

  @Test
  void withoutAnAcknowledgementDefinitionsAreSentAgain() throws Exception {
    byte[] first = writer.encode(probe(1, NOW));
    byte[] retry = writer.encode(probe(1, NOW));
    assertThat(retry).isEqualTo(first);
    // the server saw the first (the answer was lost) and now sees the retry: same samples
    DecodedBatch a = CompactReader.decode(first, rules, tables);
    DecodedBatch b = CompactReader.decode(retry, rules, tables);
    assertThat(b.batch().samples()).isEqualTo(a.batch().samples());
  }

  @Test
  void badSamplesAreRejectedOneByOneLikeInJson() throws Exception {
    Batch batch =
        new Batch(
            "host-1",
            1,
            List.of(
                new Sample("ok", host(), NOW, 1),
                new Sample("bad name", host(), NOW, 1),
                new Sample("ok", host(), NOW, Double.NaN),
                new Sample("old", host(), NOW - 30L * 86_400_000, 1)),
            List.of());
    DecodedBatch d = CompactReader.decode(writer.encode(batch), rules, tables);
    assertThat(d.accepted()).isEqualTo(1);
    assertThat(d.rejections()).hasSize(3);
    assertThat(d.rejections().get(0).message()).startsWith("cannot ingest samples[1]");
  }

  @Test
  void truncatedAndRandomBodiesAreRefusedNeverCrash() {
    byte[] body = writer.encode(probe(1, NOW));
    Random random = new Random(7);
    for (int cut = 0; cut < body.length; cut += 1 + cut / 7) {
      byte[] t = java.util.Arrays.copyOf(body, cut);
      assertRefused(t);
    }
    for (int i = 0; i < 2000; i++) {
      byte[] r = body.clone();
      for (int k = 0; k < 1 + random.nextInt(8); k++) {
        r[4 + random.nextInt(r.length - 4)] = (byte) random.nextInt(256);
      }
      try {
        CompactReader.decode(r, rules, SeriesTables.defaults());
      } catch (BatchFormatException | UnknownSeriesException e) {
        assertThat(e.getMessage()).startsWith("cannot ");
      }
    }
    for (int i = 0; i < 500; i++) {
      byte[] r = new byte[random.nextInt(200)];
      random.nextBytes(r);
      assertRefused(r);
    }
  }

  private void assertRefused(byte[] body) {
    assertThatThrownBy(() -> CompactReader.decode(body, rules, SeriesTables.defaults()))
        .isInstanceOfAny(BatchFormatException.class, UnknownSeriesException.class)
        .hasMessageStartingWith("cannot ");
  }

  @Test
  void compressedBodiesRoundTripAndBadOnesAreRefused() throws Exception {
    byte[] body = writer.encode(probe(1, NOW));
    for (String codec : List.of("zstd", "snappy", "identity")) {
      byte[] c = Compression.compress(codec, body);
      assertThat(Compression.decompress(codec, c, 1 << 20)).isEqualTo(body);
      if (!codec.equals("identity")) {
        byte[] truncated = java.util.Arrays.copyOf(c, c.length / 2);
        assertThatThrownBy(() -> Compression.decompress(codec, truncated, 1 << 20))
            .isInstanceOf(BatchFormatException.class)
            .hasMessageStartingWith("cannot decompress batch: not valid " + codec);
        assertThatThrownBy(() -> Compression.decompress(codec, c, 100))
            .isInstanceOf(Compression.TooLargeException.class);
        assertThatThrownBy(() -> Compression.decompress(codec, "garbage!".getBytes(), 1 << 20))
            .isInstanceOf(BatchFormatException.class);
      }
    }
  }
}
