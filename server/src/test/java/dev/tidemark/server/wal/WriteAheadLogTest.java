package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
import dev.tidemark.server.testing.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  static Batch batch(long id) {
    Histogram h = new Histogram(3);
    h.recordValue(100 + id);
    return new Batch(
        id % 2 == 0 ? "agent" : null,
        id,
        List.of(new Sample("m", Labels.of("k", "v" + id), 1_000 + id, id * 1.5)),
        List.of(new HistogramSample("lat", Labels.of("op", "x"), 2_000 + id, "us", h)));
  }

  static List<WalCodec.Entry> readAll(WriteAheadLog wal) {
    return readAll(wal, null);
  }

  static List<WalCodec.Entry> readAll(WriteAheadLog wal, SeriesInterner series) {
    List<WalCodec.Entry> out = new ArrayList<>();
    try (ExcerptTailer tailer = wal.createTailer()) {
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return out;
          }
          out.add(WalCodec.read(dc.wire().bytes(), series));
        }
      }
    }
  }

  @Test
  void samplesInColumnsReadBackAsTheBatchTheyAre(@TempDir Path dir) {
    SeriesRef a = new SeriesRef("m", Labels.of("k", "v", "zone", "é"));
    SeriesRef b = new SeriesRef("up", Labels.empty());
    SampleColumns columns = new SampleColumns(1);
    for (int i = 0; i < 40; i++) { // past the initial capacity
      columns.add(i % 2 == 0 ? a : b, 1_000 + i, Double.doubleToRawLongBits(i * 0.5));
    }
    columns.add(b, 2_000, Sample.STALE_NAN_BITS);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(columns.identify("~remote_write", 42));
      wal.append(new SampleColumns(4)); // an empty one, without identity
      List<WalCodec.Entry> entries = readAll(wal, new SeriesInterner());
      assertThat(entries).hasSize(2);
      Batch first = entries.get(0).batch();
      assertThat(first.agent()).isEqualTo("~remote_write");
      assertThat(first.batch()).isEqualTo(42);
      assertThat(first.samples()).isEqualTo(columns.toSamples());
      assertThat(first.samples().get(40).isStaleMarker()).isTrue();
      assertThat(entries.get(1).batch().agent()).isNull();
      assertThat(entries.get(1).batch().samples()).isEmpty();
    }
  }

  @Test
  void entriesReadBackAsTheyWereWritten(@TempDir Path dir) {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      for (long i = 0; i < 10; i++) {
        wal.append(batch(i));
      }
      List<WalCodec.Entry> entries = readAll(wal);
      assertThat(entries).hasSize(10);
      for (int i = 0; i < 10; i++) {
        Batch expected = batch(i);
        Batch got = entries.get(i).batch();
        assertThat(got.agent()).isEqualTo(expected.agent());
        assertThat(got.batch()).isEqualTo(expected.batch());
        assertThat(got.samples()).isEqualTo(expected.samples());
        assertThat(got.histograms().get(0).histogram())
            .isEqualTo(expected.histograms().get(0).histogram());
        assertThat(got.histograms().get(0).labels()).isEqualTo(Labels.of("op", "x"));
      }
      assertThat(wal.appendedEntries()).isEqualTo(10);
    }
  }

  @Test
  void aStalenessMarkerKeepsItsNaNPayload(@TempDir Path dir) {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(
          new Batch(
              null, 0, List.of(Sample.staleMarker("up", Labels.of("job", "a"), 5)), List.of()));
      Sample got = readAll(wal).get(0).batch().samples().get(0);
      assertThat(got.isStaleMarker()).isTrue();
      assertThat(got.timestamp()).isEqualTo(5);
    }
  }

  @Test
  void appendsFromManyThreadsEachArriveWhole(@TempDir Path dir) throws Exception {
    int threads = 8;
    int each = 200;
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = t * each;
        done.add(
            pool.submit(
                () -> {
                  for (int i = from; i < from + each; i++) {
                    wal.append(batch(i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      List<WalCodec.Entry> entries = readAll(wal);
      assertThat(entries)
          .extracting(e -> e.batch().batch())
          .containsExactlyInAnyOrderElementsOf(
              LongStream.range(0, threads * each).boxed().toList());
      for (WalCodec.Entry e : entries) {
        assertThat(e.batch().samples()).isEqualTo(batch(e.batch().batch()).samples());
      }
      assertThat(wal.appendedEntries()).isEqualTo(threads * each);
    }
  }

  @Test
  void aBatchLargerThanTheEncodingBufferIsWrittenWhole(@TempDir Path dir) {
    List<Sample> many = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      many.add(new Sample("big", Labels.of("host", "h" + i % 100), 1_000 + i, i));
    }
    Batch big = new Batch("agent", 1, many, List.of());
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(big);
      wal.append(batch(2));
      List<WalCodec.Entry> entries = readAll(wal);
      assertThat(entries.get(0).batch().samples()).isEqualTo(many);
      assertThat(entries.get(1).batch().samples()).isEqualTo(batch(2).samples());
    }
  }

  @Test
  void aSeriesReadAgainSharesItsLabelsAndKeepsItsValues(@TempDir Path dir) {
    Labels a = Labels.of("host", "h1", "op", "read");
    Labels b = Labels.of("host", "h1", "op", "write");
    List<Sample> first =
        List.of(new Sample("m", a, 1, 1.0), new Sample("m", b, 2, 2.0), new Sample("m", a, 3, 3.0));
    List<Sample> second = List.of(new Sample("m", b, 4, 4.0), new Sample("n", a, 5, 5.0));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(new Batch("agent", 1, first, List.of()));
      wal.append(new Batch("agent", 2, second, List.of()));
      List<WalCodec.Entry> entries = readAll(wal, new SeriesInterner());
      List<Sample> one = entries.get(0).batch().samples();
      List<Sample> two = entries.get(1).batch().samples();
      assertThat(one).isEqualTo(first);
      assertThat(two).isEqualTo(second);
      assertThat(one.get(2).labels()).isSameAs(one.get(0).labels());
      assertThat(two.get(0).labels()).isSameAs(one.get(1).labels());
      assertThat(two.get(1).labels()).isNotSameAs(one.get(0).labels()); // another metric
    }
  }

  @Test
  void filesTheDatabaseHoldsAreDeletedAfterTheKeepPeriod(@TempDir Path dir) throws Exception {
    // queue time runs an hour ahead of the files' real modification times
    MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, clock)) {
      long[] index = new long[3];
      for (int i = 0; i < 3; i++) {
        index[i] = wal.append(batch(i));
        clock.advance(Duration.ofMinutes(6)); // the next append rolls to a new file
      }
      assertThat(cq4Files(dir)).hasSize(3);
      assertThat(wal.deleteWritten(index[1], Duration.ofHours(3))).isZero(); // still kept
      assertThat(wal.deleteWritten(index[1], Duration.ZERO)).isEqualTo(1); // only the first file
      assertThat(cq4Files(dir)).hasSize(2);
      assertThat(readAll(wal)).extracting(e -> e.batch().batch()).containsExactly(1L, 2L);
      assertThat(wal.append(batch(3))).isGreaterThan(index[2]);
    }
  }

  @Test
  void aProcessKilledMidAppendLeavesAQueueThatStillWorks(@TempDir Path dir) throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(batch(0));
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "-Dchronicle.analytics.disable=true",
                "-cp",
                System.getProperty("java.class.path"),
                HoldAppendMain.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("holding")) {
      // Chronicle's start-up chatter
    }
    assertThat(line).isEqualTo("holding");
    child.destroyForcibly().waitFor();

    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      long index =
          CompletableFuture.supplyAsync(() -> wal.append(batch(2))).get(60, TimeUnit.SECONDS);
      assertThat(index).isPositive();
      assertThat(readAll(wal)).extracting(e -> e.batch().batch()).containsExactly(0L, 2L);
    }
  }

  static List<Path> cq4Files(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".cq4")).toList();
    }
  }
}
