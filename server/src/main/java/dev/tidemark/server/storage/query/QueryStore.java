package dev.tidemark.server.storage.query;

import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Tier;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What the query endpoints need from storage: the tiers to plan with, a {@link DataSource} for one
 * query, and the metric catalogue.
 */
public final class QueryStore {
  private final Storage storage;
  private final Duration maintenance;
  private final CatalogCache catalogCache = new CatalogCache(1_000_000);

  private QueryStore(Storage storage, Duration maintenance) {
    this.storage = storage;
    this.maintenance = maintenance;
  }

  /**
   * @param maintenance how often the plain-PostgreSQL maintenance pass refreshes the rollups
   */
  public static QueryStore of(Storage storage, Duration maintenance) {
    return new QueryStore(storage, maintenance);
  }

  /** The current tiers as the planner sees them. */
  public List<Tier> tiers() {
    return QueryTiers.of(storage.plan());
  }

  /**
   * Runs {@code work} against a data source on {@code c}, in a read-only transaction that is rolled
   * back afterwards (statement timeouts are set per statement inside it). Blocking.
   */
  public <T> T read(Connection c, Instant now, Limits limits, Function<DataSource, T> work)
      throws SQLException {
    TierPlan plan = storage.plan();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    c.setReadOnly(true);
    try {
      return work.apply(
          new SqlDataSource(
              c,
              storage.database().flavor(),
              plan,
              now,
              limits,
              maintenance,
              catalogCache,
              storage.head()));
    } finally {
      c.rollback();
      c.setReadOnly(false);
      c.setAutoCommit(auto);
    }
  }

  /**
   * Every metric with its kind, unit, series count and label names, by name, at most {@code max}.
   */
  public List<MetricInfo> metrics(Connection c, int max) throws SQLException {
    return MetricCatalog.list(c, storage.plan(), max);
  }

  /** The kind of one metric (see {@link MetricKinds}). */
  public MetricKind kind(Connection c, String metric) throws SQLException {
    return MetricKinds.kind(c, storage.plan(), metric);
  }

  /** Whether any series of the metric is in the catalogue. */
  public boolean exists(Connection c, String metric) throws SQLException {
    return SeriesCatalog.exists(c, metric);
  }

  /** One metric in the catalogue. */
  public record MetricInfo(
      String name, MetricKind kind, String unit, long series, List<String> labels) {}
}
