package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests larger than a write-ahead entry go in parts no larger than one, which read back as the
 * request, with identities of their own that a retry gets again. Tests run with assertions on,
 * where Chronicle checks that no single write passes a block.
 */
class EntryPartsTest {
  /** A series whose write-ahead form is ~30 KB: 300 of its samples are ~9 MB, over two entries. */
  private static Labels wide(int n) {
    String[] pairs = new String[60];
    for (int i = 0; i < 30; i++) {
      pairs[2 * i] = "label_" + (char) ('a' + i % 26) + i;
      pairs[2 * i + 1] = ("v" + n + "-").repeat(400).substring(0, 1000);
    }
    return Labels.of(pairs);
  }

  /** Every entry of the queue, with how many bytes each took. */
  private record Read(WalCodec.Entry entry, long bytes) {}

  private static List<Read> readAll(WriteAheadLog wal) {
    List<Read> out = new ArrayList<>();
    try (ExcerptTailer tailer = wal.createTailer()) {
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return out;
          }
          long bytes = dc.wire().bytes().readRemaining();
          out.add(new Read(WalCodec.read(dc.wire().bytes()), bytes));
        }
      }
    }
  }

  @Test
  void columnsLargerThanAnEntryGoInPartsThatReadBackAsThemAndARetryGetsTheSameIds(
      @TempDir Path dir) {
    SampleColumns big = new SampleColumns(300);
    SampleColumns anonymous = new SampleColumns(300);
    for (int i = 0; i < 300; i++) {
      SeriesRef series = new SeriesRef("wide", wide(i % 3));
      big.add(series, 1_000 + i, Double.doubleToRawLongBits(i));
      anonymous.add(series, 5_000 + i, Double.doubleToRawLongBits(-i));
    }
    big.identify("~remote_write", 7);
    assertThat(SampleSection.of(big, 2 * WriteAheadLog.MAX_ENTRY_BYTES)) // over two entries
        .isNull();

    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(big);
      int parts = readAll(wal).size();
      wal.append(big); // a retry
      wal.append(anonymous);
      List<Read> read = readAll(wal);

      assertThat(parts).isGreaterThanOrEqualTo(3);
      assertThat(read)
          .allSatisfy(r -> assertThat(r.bytes()).isLessThan(WriteAheadLog.MAX_ENTRY_BYTES));
      List<Read> first = read.subList(0, parts);
      List<Read> retry = read.subList(parts, 2 * parts);
      List<Read> rest = read.subList(2 * parts, read.size());
      assertThat(samples(first)).isEqualTo(big.toSamples());
      assertThat(samples(retry)).isEqualTo(big.toSamples());
      assertThat(samples(rest)).isEqualTo(anonymous.toSamples());
      List<Long> ids = first.stream().map(r -> r.entry().batch().batch()).toList();
      assertThat(ids).doesNotHaveDuplicates().doesNotContain(7L);
      assertThat(retry).extracting(r -> r.entry().batch().batch()).isEqualTo(ids);
      assertThat(first)
          .allSatisfy(r -> assertThat(r.entry().batch().agent()).isEqualTo("~remote_write"));
      assertThat(rest).allSatisfy(r -> assertThat(r.entry().batch().agent()).isNull());
    }
  }

  @Test
  void aBatchLargerThanAnEntryGoesInPartsKeepingItsItemsInOrder(@TempDir Path dir) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      samples.add(new Sample("wide", wide(i % 4), 1_000 + i, i * 0.25));
    }
    List<HistogramSample> histograms = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Histogram h = new Histogram(3);
      h.recordValue(100 + i);
      histograms.add(new HistogramSample("lat", Labels.of("op", "x" + i), 2_000 + i, "us", h));
    }
    Batch batch = new Batch("agent-1", 11, samples, histograms);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(batch);
      List<Read> read = readAll(wal);

      assertThat(read).hasSizeGreaterThanOrEqualTo(2);
      assertThat(read)
          .allSatisfy(r -> assertThat(r.bytes()).isLessThan(WriteAheadLog.MAX_ENTRY_BYTES));
      assertThat(samples(read)).isEqualTo(samples);
      List<HistogramSample> back =
          read.stream().flatMap(r -> r.entry().batch().histograms().stream()).toList();
      assertThat(back)
          .extracting(HistogramSample::labels)
          .isEqualTo(histograms.stream().map(HistogramSample::labels).toList());
      assertThat(read)
          .extracting(r -> r.entry().batch().batch())
          .doesNotHaveDuplicates()
          .doesNotContain(11L);
    }
  }

  @Test
  void aQueueWrittenWithChroniclesDefaultBlockSizeIsReadAndAppendedTo(@TempDir Path dir) {
    try (SingleChronicleQueue old =
            SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(WriteAheadLog.ROLL_CYCLE)
                .blockSize(64L << 20)
                .build();
        ExcerptAppender appender = old.createAppender()) {
      for (long i = 0; i < 3; i++) {
        try (DocumentContext dc = appender.writingDocument()) {
          WalCodec.write(dc.wire().bytes(), WriteAheadLogTest.batch(i), 1_000);
        }
      }
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      wal.append(WriteAheadLogTest.batch(3));
      assertThat(readAll(wal))
          .extracting(r -> r.entry().batch().samples())
          .containsExactly(
              WriteAheadLogTest.batch(0).samples(),
              WriteAheadLogTest.batch(1).samples(),
              WriteAheadLogTest.batch(2).samples(),
              WriteAheadLogTest.batch(3).samples());
    }
  }

  private static List<Sample> samples(List<Read> read) {
    return read.stream().flatMap(r -> r.entry().batch().samples().stream()).toList();
  }
}
