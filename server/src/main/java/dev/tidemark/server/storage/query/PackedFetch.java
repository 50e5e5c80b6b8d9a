package dev.tidemark.server.storage.query;

import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Bucketed fetches over raw points packed in blocks (plain PostgreSQL, days older than {@code
 * storage.compress.after}): the points are decoded in Java and aggregated by query-dsl's reference
 * source, whose answers the SQL ones are tested against.
 */
final class PackedFetch {
  private final ReadSession session;
  private final Flavor flavor;
  private final Head head;
  private final Limits limits;

  PackedFetch(ReadSession session, Flavor flavor, Head head, Limits limits) {
    this.session = session;
    this.flavor = flavor;
    this.head = head;
    this.limits = limits;
  }

  /**
   * Whether a bucketed fetch of these series reads raw points some of which are packed in blocks,
   * which SQL cannot aggregate.
   */
  boolean has(SeriesFetch f, long[] ids, TierChoice tiers) throws SQLException {
    if (f.kind() == MetricKind.HISTOGRAM || !tiers.source(f, f.bucketing().orElseThrow()).isRaw()) {
      return false;
    }
    // a counter's last point before the range may be packed too: the SQL path is then given it
    // from Java (see SqlDataSource#statement), so only blocks inside the range send a fetch to Java
    SqlText sql =
        new SqlText()
            .sql("SELECT EXISTS (SELECT 1 FROM sample_blocks WHERE series_id = ANY(?)")
            .array("bigint", RawPoints.boxed(ids))
            .sql(" AND start_ts < ? AND start_ts >= ? AND end_ts >= ?)")
            .time(f.to())
            .time(f.from().minusMillis(RawPoints.BLOCK_SPAN_MS))
            .time(f.from());
    try (PreparedStatement ps = session.prepare(sql, false, false);
        ResultSet rs = ReadSession.execute(ps, false)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * A bucketed fetch over packed raw points: the points are decoded in Java and aggregated by
   * query-dsl's reference source, whose answers the SQL ones are tested against.
   */
  void read(
      SeriesFetch f,
      List<SeriesCatalog.Entry> series,
      Map<Map<String, String>, Integer> groupIds,
      GroupPoints out)
      throws SQLException {
    session.arm(false);
    long[] ids = SqlDataSource.ids(series);
    long from = f.from().toEpochMilli();
    Columns[] columns =
        RawPoints.read(session.connection(), head, ids, from, f.to().toEpochMilli(), true);
    boolean counter =
        f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE;
    Columns[] previous =
        counter
            ? RawPoints.previous(session.connection(), ids, from, true, flavor == Flavor.CITUS)
            : null;
    InMemoryDataSource memory = InMemoryDataSource.create().declare(f.metric(), f.kind());
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      Map<String, String> labels = series.get(i).labels();
      for (Columns c :
          counter ? new Columns[] {previous[i], columns[i]} : new Columns[] {columns[i]}) {
        total += c.size();
        if (total > limits.maxPoints() * 10L) {
          session.tooMany(Long.MAX_VALUE);
        }
        for (int p = 0; p < c.size(); p++) {
          memory.add(f.metric(), labels, Instant.ofEpochMilli(c.time(p)), c.value(p));
        }
      }
    }
    for (SeriesData d : memory.fetch(f)) {
      Integer group = groupIds.get(d.labels());
      if (group == null) {
        continue;
      }
      session.tooMany(out.total() + d.points().size());
      for (Point p : d.points()) {
        out.add(group, p.time(), p.value());
      }
    }
  }
}
