package dev.tidemark.server.db;

/** What the database can do: plain PostgreSQL, or PostgreSQL with the timescaledb extension. */
public enum Flavor {
  POSTGRES,
  TIMESCALEDB
}
