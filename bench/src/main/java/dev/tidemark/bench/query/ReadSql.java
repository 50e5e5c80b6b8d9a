package dev.tidemark.bench.query;

/** The statements both clients run, with {@code $n} placeholders (JDBC swaps in {@code ?}). */
final class ReadSql {
  static final String SERIES = "SELECT id, labels::text FROM series WHERE metric = $1 ORDER BY id";

  static final String BLOCKS =
      "SELECT series_id, data FROM sample_blocks WHERE series_id = ANY($1)"
          + " AND start_ts >= $2 AND start_ts < $3 AND end_ts >= $4 ORDER BY series_id, start_ts";

  /** The rows RawPoints copies out, as a bound statement. */
  static final String ROWS =
      "SELECT series_id, ts, value FROM samples WHERE series_id = ANY($1) AND ts >= $2 AND ts < $3";

  private ReadSql() {}

  /** A rollup's bucket means, series by series through its key (the server's rollup fetch). */
  static String tier(String relation, String placeholder) {
    String p1 = placeholder.equals("?") ? "?" : "$1";
    String p2 = placeholder.equals("?") ? "?" : "$2";
    String p3 = placeholder.equals("?") ? "?" : "$3";
    return "SELECT g.sid, r.b, r.v FROM unnest("
        + p1
        + "::bigint[]) AS g(sid) CROSS JOIN LATERAL (SELECT d.bucket AS b,"
        + " d.sum_value / d.count AS v FROM "
        + relation
        + " d WHERE d.series_id = g.sid AND d.bucket >= "
        + p2
        + " AND d.bucket < "
        + p3
        + ") r";
  }
}
