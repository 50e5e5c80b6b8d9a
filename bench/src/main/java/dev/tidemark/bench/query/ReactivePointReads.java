package dev.tidemark.bench.query;

import dev.tidemark.server.storage.block.Columns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collector;

/**
 * The same reads on vertx-pg-client: no thread per query, rows decoded on the event loop as they
 * arrive and streamed into columns through a {@link Collector} (no row set is kept), prepared
 * statements cached per connection and planned for their values every time. vertx-pg-client has no
 * COPY, so raw rows come from a bound SELECT of the same rows.
 */
final class ReactivePointReads implements PointReads {
  private final Pool pool;
  private final int connections;

  ReactivePointReads(Vertx vertx, String jdbcUrl, int connections) {
    PgConnectOptions options =
        PgConnectOptions.fromUri(jdbcUrl.substring("jdbc:".length()))
            .setCachePreparedStatements(true)
            // a cached statement turns generic after five runs, and a generic plan of the raw read
            // cost TimescaleDB ~3× the CPU (no chunk exclusion at plan time); pgjdbc's COPY has
            // its values in the text and is planned every time, so plan every time here too
            .addProperty("plan_cache_mode", "force_custom_plan");
    this.connections = connections;
    this.pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(connections).setEventLoopSize(4))
            .connectingTo(options)
            .using(vertx)
            .build();
  }

  @Override
  public String name() {
    return "reactive (vertx-pg-client, " + connections + " connections)";
  }

  @Override
  public Future<Columns[]> raw(long[] ids, long from, long to, boolean blocks) {
    Map<Long, Integer> index = JdbcPointReads.index(ids);
    Long[] boxed = boxed(ids);
    Columns[] rows = fresh(ids.length, 16);
    Columns[] packed = new Columns[ids.length];
    return pool.withConnection(
        conn -> {
          Future<?> first =
              blocks
                  ? conn.preparedQuery(ReadSql.BLOCKS)
                      .collecting(
                          into(
                              (Void v, Row r) -> {
                                int at = index.get(r.getLong(0));
                                if (packed[at] == null) {
                                  packed[at] = new Columns(256);
                                }
                                packed[at].addBlock(r.getBuffer(1).getBytes(), from, to);
                              }))
                      .execute(Tuple.of(boxed, time(from - 3_600_000L), time(to), time(from)))
                  : Future.succeededFuture();
          return first
              .compose(
                  v ->
                      conn.preparedQuery(ReadSql.ROWS)
                          .collecting(
                              into(
                                  (Void x, Row r) ->
                                      rows[index.get(r.getLong(0))].add(
                                          millis(r.getOffsetDateTime(1)), r.getDouble(2))))
                          .execute(Tuple.of(boxed, time(from), time(to))))
              .map(
                  v -> {
                    for (int i = 0; i < rows.length; i++) {
                      rows[i].sort();
                      if (packed[i] != null) {
                        rows[i] = packed[i].merge(rows[i]);
                      }
                    }
                    return rows;
                  });
        });
  }

  @Override
  public Future<Columns[]> tier(String relation, long[] ids, long from, long to) {
    Map<Long, Integer> index = JdbcPointReads.index(ids);
    Columns[] out = fresh(ids.length, 64);
    return pool.preparedQuery(ReadSql.tier(relation, "$"))
        .collecting(
            into(
                (Void v, Row r) ->
                    out[index.get(r.getLong(0))].add(
                        millis(r.getOffsetDateTime(1)), r.getDouble(2))))
        .execute(Tuple.of(boxed(ids), time(from), time(to)))
        .map(
            v -> {
              for (Columns c : out) {
                c.sort();
              }
              return out;
            });
  }

  @Override
  public Future<List<Series>> series(String metric) {
    List<Series> out = new ArrayList<>();
    return pool.preparedQuery(ReadSql.SERIES)
        .collecting(
            into(
                (Void v, Row r) ->
                    out.add(new Series(r.getLong(0), JdbcPointReads.labels(r.getString(1))))))
        .execute(Tuple.of(metric))
        .map(v -> out);
  }

  /** A collector that hands each row to {@code row} and keeps nothing. */
  private static Collector<Row, Void, Void> into(BiConsumer<Void, Row> row) {
    return Collector.of(() -> null, row, (a, b) -> a, a -> null);
  }

  private static Columns[] fresh(int n, int capacity) {
    Columns[] out = new Columns[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Columns(capacity);
    }
    return out;
  }

  private static Long[] boxed(long[] ids) {
    Long[] out = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  private static OffsetDateTime time(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static long millis(OffsetDateTime t) {
    return t.toEpochSecond() * 1000 + t.getNano() / 1_000_000;
  }

  @Override
  public void close() {
    pool.close().toCompletionStage().toCompletableFuture().join();
  }
}
