package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.ingest.SampleColumns;
import java.util.List;

/**
 * Halves of a request too large for one write-ahead entry ({@link WriteAheadLog#MAX_ENTRY_BYTES}).
 * Each half keeps the items in order and, when the request has an identity, gets one of its own
 * derived from it and the half it is: the same request split again (a client's retry) gets the same
 * identities, so the database still stores each part once.
 */
final class EntryParts {
  private EntryParts() {}

  /** The identity of half {@code half} (0 or 1) of batch {@code batch}: a 64-bit mix of both. */
  static long partId(long batch, int half) {
    long z = batch + 0x9E3779B97F4A7C15L * (half + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The two halves of {@code c} (at least two samples), in order. */
  static List<SampleColumns> halves(SampleColumns c) {
    int mid = c.size() / 2;
    return List.of(range(c, 0, mid, 0), range(c, mid, c.size(), 1));
  }

  private static SampleColumns range(SampleColumns c, int from, int to, int half) {
    SampleColumns part = new SampleColumns(to - from);
    for (int i = from; i < to; i++) {
      part.add(c.series(i), c.timestamp(i), c.valueBits(i));
    }
    return c.agent() == null ? part : part.identify(c.agent(), partId(c.batch(), half));
  }

  /**
   * The two halves of {@code b} (at least two items): its samples, histograms and spans taken in
   * that order, the first half the first {@code size / 2} of them.
   */
  static List<Batch> halves(Batch b) {
    int mid = b.size() / 2;
    return List.of(range(b, 0, mid, 0), range(b, mid, b.size(), 1));
  }

  private static Batch range(Batch b, int from, int to, int half) {
    int s = b.samples().size();
    int h = s + b.histograms().size();
    List<Sample> samples = slice(b.samples(), from, to);
    List<HistogramSample> histograms = slice(b.histograms(), from - s, to - s);
    List<Span> spans = slice(b.spans(), from - h, to - h);
    long id = b.agent() == null ? b.batch() : partId(b.batch(), half);
    return new Batch(b.agent(), id, samples, histograms, spans);
  }

  /** Items {@code [from, to)} of {@code items}, both clamped to it. */
  private static <T> List<T> slice(List<T> items, int from, int to) {
    int a = Math.max(0, Math.min(from, items.size()));
    int z = Math.max(0, Math.min(to, items.size()));
    return items.subList(a, z);
  }
}
