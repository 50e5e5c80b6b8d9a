package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.storage.SampleWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a write-ahead entry the database refused into what it accepts and what it refuses, down to
 * single samples, so one bad sample never costs its acknowledged neighbours. Halves are tried with
 * {@link SampleWriter#trial} (written, then rolled back) and split again while refused: k bad items
 * among n cost about 2k·log2(n) trials. Nothing is committed here; the caller writes the accepted
 * part together with the entry's batch id and queue position in one transaction, so a crash in the
 * middle replays the entry and narrows it again, still exactly once.
 */
final class PoisonNarrowing {
  /** The entry's accepted items (keeping its agent and batch id) and its refused ones. */
  record Split(Batch accepted, Batch refused, Exception firstRefusal) {}

  private final SampleWriter writer;
  private final List<Sample> goodSamples = new ArrayList<>();
  private final List<HistogramSample> goodHistograms = new ArrayList<>();
  private final List<Sample> badSamples = new ArrayList<>();
  private final List<HistogramSample> badHistograms = new ArrayList<>();
  private Exception firstRefusal;

  private PoisonNarrowing(SampleWriter writer) {
    this.writer = writer;
  }

  /**
   * Throws what a trial throws when the database is unreachable ({@link SqlErrors#isTransient}), so
   * the caller retries the whole entry later.
   */
  static Split split(SampleWriter writer, Batch batch) throws SQLException {
    PoisonNarrowing n = new PoisonNarrowing(writer);
    n.halve(batch.samples(), batch.histograms());
    return new Split(
        new Batch(batch.agent(), batch.batch(), n.goodSamples, n.goodHistograms),
        new Batch(batch.agent(), batch.batch(), n.badSamples, n.badHistograms),
        n.firstRefusal);
  }

  /** The entry as a whole was refused already: start with its halves. */
  private void halve(List<Sample> samples, List<HistogramSample> histograms) throws SQLException {
    int n = samples.size() + histograms.size();
    if (n == 1) {
      badSamples.addAll(samples);
      badHistograms.addAll(histograms);
      return;
    }
    int half = n / 2;
    int s = Math.min(half, samples.size());
    narrow(samples.subList(0, s), histograms.subList(0, half - s));
    narrow(samples.subList(s, samples.size()), histograms.subList(half - s, histograms.size()));
  }

  private void narrow(List<Sample> samples, List<HistogramSample> histograms) throws SQLException {
    if (samples.isEmpty() && histograms.isEmpty()) {
      return;
    }
    try {
      writer.trial(new Batch(null, 0, samples, histograms));
      goodSamples.addAll(samples);
      goodHistograms.addAll(histograms);
    } catch (SQLException | RuntimeException e) {
      if (SqlErrors.isTransient(e)) {
        throw e;
      }
      if (firstRefusal == null) {
        firstRefusal = e;
      }
      halve(samples, histograms);
    }
  }
}
