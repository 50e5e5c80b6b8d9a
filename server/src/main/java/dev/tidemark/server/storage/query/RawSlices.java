package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.PointList;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * Raw reads of many series in slices, so that a reader that is done with each series as it comes
 * (PromQL's range functions and instant selectors) holds one slice of raw points at a time, not the
 * raw points of every series it selects.
 */
final class RawSlices {
  /** Series in the first slice of a raw read ({@link #read}). */
  private static final int FIRST_SLICE = 64;

  /** Fewest series in one slice after the first: each slice reading SQL is a statement. */
  private static final int MIN_SLICE = 16;

  /** Most series in one slice of a raw read: the SQL lists their ids. */
  private static final int MAX_SLICE = 8_192;

  /**
   * Points a slice of a raw read is sized to hold: 256 KB a column, kept under half a heap region
   * (1 MB below a 2 GB heap), where G1 would allocate each as a humongous object of its own.
   */
  private static final int SLICE_POINTS = 1 << 15;

  private final ReadSession session;
  private final Head head;
  private final Flavor flavor;

  /** The head's points of the series of one slice, one after the other. */
  private final Columns buffer = new Columns(0);

  /** The points of one series as they are handed over, where they are not in one place. */
  private final Columns lent = new Columns(0);

  RawSlices(ReadSession session, Head head, Flavor flavor) {
    this.session = session;
    this.head = head;
    this.flavor = flavor;
  }

  /**
   * As {@link #read}, each series with points handed over labelled with its group key, its points
   * lent ({@link PointList#borrow}); the query fails once the points read pass its limit.
   */
  void each(
      SeriesFetch f, List<SeriesCatalog.Entry> series, boolean newest, Consumer<SeriesData> each)
      throws SQLException {
    long[] total = {0};
    read(
        f,
        series,
        newest,
        (c, i) -> {
          total[0] += c.size();
          session.tooMany(total[0]);
          if (c.size() > 0) {
            each.accept(
                new SeriesData(
                    f.grouping().keyOf(series.get(i).labels()),
                    PointList.borrow(c.timeArray(), c.valueArray(), c.size())));
          }
        });
  }

  /**
   * Reads the raw points of {@code series} (from the head and SQL, {@link RawPoints}) a slice of
   * series at a time, and hands each series' points with its index to {@code each}. The points are
   * lent: they are valid only until {@code each} returns, their columns refilled for the next. The
   * first slice is {@link #FIRST_SLICE} series; the next ones are sized from the points per series
   * read so far to hold about {@link #SLICE_POINTS}. With {@code newest} each series' newest point
   * alone (none when it has none in the range): the head finds it without decoding its blocks.
   */
  void read(
      SeriesFetch f, List<SeriesCatalog.Entry> series, boolean newest, ObjIntConsumer<Columns> each)
      throws SQLException {
    Connection c = session.connection();
    long from = f.from().toEpochMilli();
    long to = f.to().toEpochMilli();
    long points = 0;
    for (int start = 0; start < series.size(); ) {
      long perSeries = Math.max(1, points / Math.max(1, start));
      int n =
          start == 0
              ? FIRST_SLICE
              : (int) Math.max(MIN_SLICE, Math.min(MAX_SLICE, SLICE_POINTS / perSeries));
      long[] ids = SqlDataSource.ids(series.subList(start, Math.min(series.size(), start + n)));
      int[] ends = new int[ids.length];
      if (start == 0) {
        session.arm(false);
      }
      long split = from < to ? head.read(c, ids, from, to, newest, buffer, ends) : to;
      // every SQL point is before split, every head point at or after
      Columns[] older = null;
      if (split > from) {
        if (start > 0) {
          session.arm(false); // what is left of the query's time, for this statement
        }
        older = RawPoints.sql(c, ids, from, split, flavor.plainLayout());
      }
      for (int i = 0; i < ids.length; i++) {
        Columns sql = older == null ? null : older[i];
        int headFrom = i == 0 ? 0 : ends[i - 1];
        Columns one = newest ? newest(sql, headFrom, ends[i]) : points(sql, headFrom, ends[i]);
        if (older != null) {
          older[i] = null; // read: gone once handed over
        }
        points += one.size();
        each.accept(one, start + i);
      }
      start += ids.length;
    }
  }

  /** One series' newest point: the head's if it has one, else the last SQL read. */
  private Columns newest(Columns sql, int headFrom, int headTo) {
    lent.clear();
    if (headTo > headFrom) {
      lent.addRange(buffer, headTo - 1, headTo);
    } else if (sql != null && sql.size() > 0) {
      lent.add(sql.time(sql.size() - 1), sql.value(sql.size() - 1));
    }
    return lent;
  }

  /**
   * One series' points: those SQL read, then the head's from {@code headFrom} to {@code headTo}.
   */
  private Columns points(Columns sql, int headFrom, int headTo) {
    if (sql != null && headFrom == headTo) {
      return sql;
    }
    lent.clear();
    if (sql != null) {
      lent.addAll(sql);
    }
    lent.addRange(buffer, headFrom, headTo);
    return lent;
  }
}
