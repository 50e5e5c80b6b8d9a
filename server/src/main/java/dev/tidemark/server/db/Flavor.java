package dev.tidemark.server.db;

/**
 * What the database can do: plain PostgreSQL, PostgreSQL with the timescaledb extension, or a Citus
 * cluster (its coordinator) running the plain-PostgreSQL layout distributed by series.
 */
public enum Flavor {
  POSTGRES,
  TIMESCALEDB,
  CITUS;

  /**
   * True where the server keeps the plain-PostgreSQL layout itself: day partitions, rollup tables
   * it refreshes, packed blocks. Citus distributes that same layout.
   */
  public boolean plainLayout() {
    return this != TIMESCALEDB;
  }
}
