package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import java.sql.SQLException;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Raw reads of many series in slices, so that a reader that is done with each series as it comes
 * (PromQL's range functions and instant selectors) holds one slice of raw points at a time, not the
 * raw points of every series it selects.
 */
final class RawSlices {
  /** Series in the first slice of a raw read ({@link #read}). */
  private static final int FIRST_SLICE = 64;

  /** Most series in one slice of a raw read: the SQL lists their ids. */
  private static final int MAX_SLICE = 8_192;

  /** Points a slice of a raw read is sized to hold (16 MB of columns). */
  private static final long SLICE_POINTS = 1 << 20;

  private final ReadSession session;
  private final Head head;
  private final Flavor flavor;

  RawSlices(ReadSession session, Head head, Flavor flavor) {
    this.session = session;
    this.head = head;
    this.flavor = flavor;
  }

  /**
   * Reads the raw points of {@code series} (rows and packed blocks decoded into columns in Java,
   * {@link RawPoints}) a slice of series at a time, and hands each series' points with its index to
   * {@code each}, which takes them over. The first slice is {@link #FIRST_SLICE} series; the next
   * ones are sized from the points per series read so far to hold about {@link #SLICE_POINTS}.
   */
  void read(SeriesFetch f, List<SeriesCatalog.Entry> series, ObjIntConsumer<Columns> each)
      throws SQLException {
    long from = f.from().toEpochMilli();
    long to = f.to().toEpochMilli();
    long points = 0;
    for (int start = 0; start < series.size(); ) {
      long perSeries = Math.max(1, points / Math.max(1, start));
      int n =
          start == 0
              ? FIRST_SLICE
              : (int) Math.max(FIRST_SLICE, Math.min(MAX_SLICE, SLICE_POINTS / perSeries));
      List<SeriesCatalog.Entry> slice = series.subList(start, Math.min(series.size(), start + n));
      session.arm(false);
      Columns[] columns =
          RawPoints.read(
              session.connection(), head, SqlDataSource.ids(slice), from, to, flavor.plainLayout());
      for (int i = 0; i < columns.length; i++) {
        Columns c = columns[i];
        columns[i] = null; // taken over: gone once the reader is done with it
        points += c.size();
        each.accept(c, start + i);
      }
      start += slice.size();
    }
  }
}
