package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.storage.SampleWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a write-ahead entry the database refused into what it accepts and what it refuses, down to
 * single samples, histograms or spans, so one bad item never costs its acknowledged neighbours.
 * Halves are tried with {@link SampleWriter#trial} (written, then rolled back) and split again
 * while refused: k bad items among n cost about 2k·log2(n) trials. Nothing is committed here; the
 * caller writes the accepted part together with the entry's batch id and queue position in one
 * transaction, so a crash in the middle replays the entry and narrows it again, still exactly once.
 */
final class PoisonNarrowing {
  /** The entry's accepted items (keeping its agent and batch id) and its refused ones. */
  record Split(Batch accepted, Batch refused, Exception firstRefusal) {}

  private final SampleWriter writer;
  private final List<Object> good = new ArrayList<>();
  private final List<Object> bad = new ArrayList<>();
  private Exception firstRefusal;

  private PoisonNarrowing(SampleWriter writer) {
    this.writer = writer;
  }

  /**
   * Throws what a trial throws when the database is unreachable ({@link SqlErrors#isTransient}), so
   * the caller retries the whole entry later.
   */
  static Split split(SampleWriter writer, Batch batch) throws SQLException {
    List<Object> items = new ArrayList<>(batch.size());
    items.addAll(batch.samples());
    items.addAll(batch.histograms());
    items.addAll(batch.spans());
    PoisonNarrowing n = new PoisonNarrowing(writer);
    n.halve(items);
    return new Split(
        batchOf(batch.agent(), batch.batch(), n.good),
        batchOf(batch.agent(), batch.batch(), n.bad),
        n.firstRefusal);
  }

  /** The entry as a whole was refused already: start with its halves. */
  private void halve(List<Object> items) throws SQLException {
    if (items.size() == 1) {
      bad.addAll(items);
      return;
    }
    int half = items.size() / 2;
    narrow(items.subList(0, half));
    narrow(items.subList(half, items.size()));
  }

  private void narrow(List<Object> items) throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try {
      writer.trial(batchOf(null, 0, items));
      good.addAll(items);
    } catch (SQLException | RuntimeException e) {
      if (SqlErrors.isTransient(e)) {
        throw e;
      }
      if (firstRefusal == null) {
        firstRefusal = e;
      }
      halve(items);
    }
  }

  private static Batch batchOf(String agent, long id, List<Object> items) {
    List<Sample> samples = new ArrayList<>();
    List<HistogramSample> histograms = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    for (Object o : items) {
      if (o instanceof Sample s) {
        samples.add(s);
      } else if (o instanceof HistogramSample h) {
        histograms.add(h);
      } else {
        spans.add((Span) o);
      }
    }
    return new Batch(agent, id, samples, histograms, spans);
  }
}
