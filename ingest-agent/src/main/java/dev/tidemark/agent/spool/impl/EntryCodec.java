package dev.tidemark.agent.spool.impl;

import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import net.openhft.chronicle.bytes.Bytes;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The binary form of one spool entry: kind, append time, then metric, labels, timestamp and the
 * value; or a count and that many of those (samples appended together); or metric, labels,
 * timestamp, the unit and HdrHistogram's compressed encoding. Compact and allocation-light on the
 * append path; the JSON of the wire protocol is built only when shipping.
 */
final class EntryCodec {
  private static final byte SAMPLE = 1;
  private static final byte HISTOGRAM = 2;
  private static final byte SAMPLES = 3;

  private EntryCodec() {}

  static void write(Bytes<?> b, long now, Sample s) {
    b.writeByte(SAMPLE);
    b.writeLong(now);
    writeSeries(b, s.metric(), s.labels(), s.timestamp());
    b.writeDouble(s.value());
  }

  static void write(Bytes<?> b, long now, List<Sample> samples) {
    b.writeByte(SAMPLES);
    b.writeLong(now);
    b.writeStopBit(samples.size());
    for (Sample s : samples) {
      writeSeries(b, s.metric(), s.labels(), s.timestamp());
      b.writeDouble(s.value());
    }
  }

  static void write(Bytes<?> b, long now, HistogramSample h, ByteBuffer scratch) {
    b.writeByte(HISTOGRAM);
    b.writeLong(now);
    writeSeries(b, h.metric(), h.labels(), h.timestamp());
    b.writeUtf8(h.unit());
    scratch.clear();
    int length = h.histogram().encodeIntoCompressedByteBuffer(scratch);
    b.writeStopBit(length);
    b.write(scratch.array(), 0, length);
  }

  static ByteBuffer scratchFor(AbstractHistogram h, ByteBuffer current) {
    int needed = h.getNeededByteBufferCapacity();
    return current != null && current.capacity() >= needed ? current : ByteBuffer.allocate(needed);
  }

  private static void writeSeries(Bytes<?> b, String metric, Labels labels, long ts) {
    b.writeUtf8(metric);
    b.writeStopBit(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      b.writeUtf8(labels.name(i));
      b.writeUtf8(labels.value(i));
    }
    b.writeLong(ts);
  }

  static SpoolEntry read(Bytes<?> b, long index) {
    int size = (int) b.readRemaining();
    byte kind = b.readByte();
    long appendedAt = b.readLong();
    if (kind == SAMPLE) {
      return new SpoolEntry(index, appendedAt, size, List.of(readSample(b)), null);
    }
    if (kind == SAMPLES) {
      int n = (int) b.readStopBit();
      List<Sample> samples = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        samples.add(readSample(b));
      }
      return new SpoolEntry(index, appendedAt, size, samples, null);
    }
    if (kind != HISTOGRAM) {
      throw new IllegalStateException(
          "cannot read spool entry: unknown kind [index=" + index + ", kind=" + kind + "]");
    }
    String metric = b.readUtf8();
    Labels labels = readLabels(b);
    long ts = b.readLong();
    String unit = b.readUtf8();
    byte[] encoded = new byte[(int) b.readStopBit()];
    b.read(encoded);
    try {
      Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
      return new SpoolEntry(
          index, appendedAt, size, List.of(), new HistogramSample(metric, labels, ts, unit, h));
    } catch (DataFormatException e) {
      throw new IllegalStateException(
          "cannot read spool entry: histogram is corrupt [index=" + index + "]", e);
    }
  }

  private static Sample readSample(Bytes<?> b) {
    String metric = b.readUtf8();
    Labels labels = readLabels(b);
    long ts = b.readLong();
    return new Sample(metric, labels, ts, b.readDouble());
  }

  private static Labels readLabels(Bytes<?> b) {
    String[] pairs = new String[(int) b.readStopBit() * 2];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = b.readUtf8();
    }
    return Labels.of(pairs);
  }
}
