package dev.tidemark.bench.query;

import dev.tidemark.server.storage.block.Columns;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The reads a dashboard's queries come down to, behind one interface so that two database clients
 * answer exactly the same statements: raw points of some series (what PromQL reads), one rollup
 * tier's buckets (what a DSL trend reads), and a metric's series (the series endpoint). Every
 * Future completes on the Vert.x context that asked, as the server's handlers expect.
 */
interface PointReads extends AutoCloseable {

  /** One series of the catalogue. */
  record Series(long id, Map<String, String> labels) {}

  String name();

  /**
   * The points of {@code ids[i]} with {@code from <= time < to} in time order, from the rows of
   * {@code samples} and, with {@code blocks}, the packed blocks of {@code sample_blocks}.
   */
  Future<Columns[]> raw(long[] ids, long from, long to, boolean blocks);

  /**
   * The mean of each bucket of a rollup ({@code samples_5m}, …) for each series, read series by
   * series through the rollup's key, as the server's rollup fetch does.
   */
  Future<Columns[]> tier(String relation, long[] ids, long from, long to);

  /** The series of one metric in id order. */
  Future<List<Series>> series(String metric);

  @Override
  void close();
}
