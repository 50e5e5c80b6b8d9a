package dev.tidemark.server.storage.tier;

import dev.tidemark.server.db.Flavor;
import java.time.Duration;

/**
 * The SELECT that computes one rollup tier of one table from the tier before it. The same text
 * defines a TimescaleDB continuous aggregate and the plain-PostgreSQL rollup the server runs, so
 * both give the same answers. Only widths (numbers) and validated tier names reach the SQL text.
 */
final class RollupSql {
  /** Bucket origin of TimescaleDB's time_bucket; date_bin uses the same. */
  static final String ORIGIN = "TIMESTAMPTZ '2000-01-03 00:00:00+00'";

  /** {@link #ORIGIN} in epoch milliseconds. */
  static final long ORIGIN_EPOCH_MILLIS = 946_857_600_000L;

  private RollupSql() {}

  static String interval(Duration d) {
    return "INTERVAL '" + d.toSeconds() + " seconds'";
  }

  private static String bucket(Flavor flavor, Duration width, String column) {
    return flavor == Flavor.TIMESCALEDB
        ? "time_bucket(" + interval(width) + ", " + column + ")"
        : "date_bin(" + interval(width) + ", " + column + ", " + ORIGIN + ")";
  }

  private static String last(Flavor flavor, String value, String time) {
    return flavor == Flavor.TIMESCALEDB
        ? "last(" + value + ", " + time + ")"
        : "(array_agg(" + value + " ORDER BY " + time + " DESC))[1]";
  }

  /**
   * The rollup of {@code table} into {@code tier} from {@code source}. With {@code window} the
   * source rows are limited to {@code [?, ?)} (plain PostgreSQL refreshes a window at a time).
   */
  static String select(Flavor flavor, String table, Tier tier, Tier source, boolean window) {
    boolean raw = source.isRaw();
    String time = raw ? "ts" : "bucket";
    String b = bucket(flavor, tier.width(), time);
    String from = source.relation(table);
    String where = window ? " WHERE " + time + " >= ? AND " + time + " < ?" : "";
    return switch (table) {
      case "samples" ->
          "SELECT series_id, "
              + b
              + " AS bucket, "
              + (raw
                  ? "min(value) AS min_value, max(value) AS max_value, sum(value) AS sum_value,"
                      + " count(*) AS count, "
                      + last(flavor, "value", "ts")
                      + " AS last_value, max(ts) AS last_ts"
                  : "min(min_value) AS min_value, max(max_value) AS max_value,"
                      + " sum(sum_value) AS sum_value, sum(count)::bigint AS count, "
                      + last(flavor, "last_value", "last_ts")
                      + " AS last_value, max(last_ts) AS last_ts")
              + " FROM "
              + from
              + where
              + " GROUP BY series_id, "
              + b;
      case "histograms" ->
          "SELECT series_id, "
              + b
              + " AS bucket, sum(count)::bigint AS count, sum(sum_value) AS sum_value,"
              + " min(min_value) AS min_value, max(max_value) AS max_value FROM "
              + from
              + where
              + " GROUP BY series_id, "
              + b;
      case "histogram_buckets" ->
          "SELECT series_id, "
              + b
              + " AS bucket, idx, sum(count)::bigint AS count FROM "
              + from
              + where
              + " GROUP BY series_id, "
              + b
              + ", idx";
      default -> throw new IllegalArgumentException("no rollup for table " + table);
    };
  }

  /** Plain PostgreSQL: the table that holds a rollup tier. */
  static String createTable(String table, Tier tier) {
    String name = tier.relation(table);
    String columns =
        switch (table) {
          case "samples" ->
              "series_id bigint NOT NULL, bucket timestamptz NOT NULL,"
                  + " min_value double precision NOT NULL, max_value double precision NOT NULL,"
                  + " sum_value double precision NOT NULL, count bigint NOT NULL,"
                  + " last_value double precision NOT NULL, last_ts timestamptz NOT NULL,"
                  + " PRIMARY KEY (series_id, bucket)";
          case "histograms" ->
              "series_id bigint NOT NULL, bucket timestamptz NOT NULL, count bigint NOT NULL,"
                  + " sum_value double precision NOT NULL, min_value double precision NOT NULL,"
                  + " max_value double precision NOT NULL, PRIMARY KEY (series_id, bucket)";
          default ->
              "series_id bigint NOT NULL, bucket timestamptz NOT NULL, idx integer NOT NULL,"
                  + " count bigint NOT NULL, PRIMARY KEY (series_id, bucket, idx)";
        };
    return "CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ")";
  }
}
