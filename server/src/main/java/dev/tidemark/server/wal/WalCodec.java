package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HdrCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * One write-ahead entry: an accepted batch, already validated, in a compact binary form (no JSON to
 * parse again in the writer). Layout: version, append time, agent (nullable), batch id, samples
 * (metric, labels, ts, value), histograms (metric, labels, ts, unit, compressed HDR), and since
 * version 3 spans ({@link SpanCodec}). Version 2 entries (no spans) are still read.
 */
final class WalCodec {
  private static final int VERSION = 3;
  private static final int VERSION_WITHOUT_SPANS = 2;

  /** Histograms in the queue were checked at ingest; this only bounds a corrupt entry. */
  private static final int MAX_HDR_BYTES = 16 << 20;

  private WalCodec() {}

  record Entry(long appendMillis, Batch batch) {}

  static void write(Bytes<?> b, Batch batch, long appendMillis) {
    b.writeStopBit(VERSION);
    b.writeLong(appendMillis);
    writeString(b, batch.agent());
    b.writeLong(batch.batch());
    b.writeStopBit(batch.samples().size());
    for (Sample s : batch.samples()) {
      writeSeries(b, s.metric(), s.labels());
      b.writeLong(s.timestamp());
      b.writeLong(Double.doubleToRawLongBits(s.value())); // keeps a stale marker's NaN payload
    }
    b.writeStopBit(batch.histograms().size());
    for (HistogramSample h : batch.histograms()) {
      writeSeries(b, h.metric(), h.labels());
      b.writeLong(h.timestamp());
      writeString(b, h.unit());
      byte[] hdr = HdrCodec.toBytes(h.histogram());
      b.writeStopBit(hdr.length);
      b.write(hdr);
    }
    b.writeStopBit(batch.spans().size());
    for (dev.tidemark.protocol.Span span : batch.spans()) {
      SpanCodec.write(b, span);
    }
  }

  /**
   * The same entry from samples in columns, their section encoded already ({@link SampleSection}):
   * what remote_write and line protocol append.
   */
  static void write(Bytes<?> b, SampleColumns samples, SampleSection section, long appendMillis) {
    b.writeStopBit(VERSION);
    b.writeLong(appendMillis);
    writeString(b, samples.agent());
    b.writeLong(samples.batch());
    b.writeStopBit(samples.size());
    b.write(section.bytes(), 0, section.length());
    b.writeStopBit(0); // histograms
    b.writeStopBit(0); // spans
  }

  private static void writeSeries(Bytes<?> b, String metric, Labels labels) {
    b.write(SeriesRef.walForm(metric, labels));
  }

  /** Reads an entry; throws {@link IllegalStateException} when the bytes are not one. */
  static Entry read(Bytes<?> b) {
    return read(b, null);
  }

  /** Reads an entry, sharing the metric and labels of series {@code series} has seen. */
  static Entry read(Bytes<?> b, SeriesInterner series) {
    long version = b.readStopBit();
    if (version != VERSION && version != VERSION_WITHOUT_SPANS) {
      throw new IllegalStateException("cannot read wal entry: unknown version " + version);
    }
    long appendMillis = b.readLong();
    String agent = readString(b);
    long batchId = b.readLong();
    int n = count(b);
    List<Sample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (series == null) {
        String metric = readString(b);
        Labels labels = readLabels(b);
        samples.add(
            new Sample(metric, labels, b.readLong(), Double.longBitsToDouble(b.readLong())));
        continue;
      }
      SeriesRef known = interned(b, series);
      samples.add(
          new Sample(
              known.metric(), known.labels(), b.readLong(), Double.longBitsToDouble(b.readLong())));
    }
    int m = count(b);
    List<HistogramSample> histograms = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      String metric = readString(b);
      Labels labels = readLabels(b);
      long ts = b.readLong();
      String unit = readString(b);
      int length = count(b);
      if (length > MAX_HDR_BYTES) {
        throw new IllegalStateException("cannot read wal entry: histogram of " + length + " bytes");
      }
      byte[] hdr = new byte[length];
      b.read(hdr);
      histograms.add(
          new HistogramSample(metric, labels, ts, unit, HdrCodec.fromBytes(hdr, MAX_HDR_BYTES)));
    }
    List<dev.tidemark.protocol.Span> spans = new ArrayList<>();
    if (version == VERSION) {
      int k = count(b);
      for (int i = 0; i < k; i++) {
        spans.add(SpanCodec.read(b));
      }
    }
    return new Entry(appendMillis, new Batch(agent, batchId, samples, histograms, spans));
  }

  /** The series at the read position, read past, as {@code series} has it or now keeps it. */
  private static SeriesRef interned(Bytes<?> b, SeriesInterner series) {
    long from = b.readPosition();
    skipSeries(b);
    SeriesRef known = series.find(b, from);
    if (known == null) {
      b.readPosition(from);
      String metric = readString(b);
      known = series.add(metric, readLabels(b));
    }
    return known;
  }

  /** Takes the samples of an entry one at a time. */
  @FunctionalInterface
  interface SampleVisitor {
    void sample(SeriesRef series, long timestamp, double value);
  }

  /**
   * Reads only an entry's samples, handing each to {@code visitor} without building a batch (its
   * histograms and spans are left unread); throws {@link IllegalStateException} when the bytes are
   * not an entry.
   */
  static void readSamples(Bytes<?> b, SeriesInterner series, SampleVisitor visitor) {
    long version = b.readStopBit();
    if (version != VERSION && version != VERSION_WITHOUT_SPANS) {
      throw new IllegalStateException("cannot read wal entry: unknown version " + version);
    }
    b.readLong(); // append time
    skipString(b); // agent
    b.readLong(); // batch id
    int n = count(b);
    for (int i = 0; i < n; i++) {
      SeriesRef known = interned(b, series);
      visitor.sample(known, b.readLong(), Double.longBitsToDouble(b.readLong()));
    }
  }

  /** Moves past a metric and its labels, checking every length against what is left. */
  private static void skipSeries(Bytes<?> b) {
    skipString(b);
    int n = count(b);
    for (int i = 0; i < 2 * n; i++) {
      skipString(b);
    }
  }

  private static void skipString(Bytes<?> b) {
    long n = b.readStopBit();
    if (n == -1) {
      return;
    }
    if (n < 0 || n > b.readRemaining()) {
      throw new IllegalStateException(
          "cannot read wal entry: string of " + n + " bytes past its end");
    }
    b.readSkip(n);
  }

  private static Labels readLabels(Bytes<?> b) {
    int n = count(b);
    if (n == 0) {
      return Labels.empty();
    }
    String[] pairs = new String[2 * n];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = readString(b);
    }
    return Labels.fromPairs(pairs, pairs.length); // written in name order: no sort
  }

  /**
   * Length and UTF-8 bytes, or -1 for null. By hand rather than Chronicle's writeUtf8: on Java 17
   * that measures each string through reflection, the hottest spot of the ingest path in a profile.
   */
  static void writeString(Bytes<?> b, String s) {
    if (s == null) {
      b.writeStopBit(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    b.writeStopBit(utf8.length);
    b.write(utf8);
  }

  static String readString(Bytes<?> b) {
    long n = b.readStopBit();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > b.readRemaining()) {
      throw new IllegalStateException(
          "cannot read wal entry: string of " + n + " bytes past its end");
    }
    byte[] utf8 = new byte[(int) n];
    b.read(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  static int count(Bytes<?> b) {
    long n = b.readStopBit();
    if (n < 0 || n > b.readRemaining()) {
      throw new IllegalStateException("cannot read wal entry: count " + n + " past its end");
    }
    return (int) n;
  }
}
