package dev.tidemark.bench;

import dev.tidemark.bench.citus.CitusBench;
import dev.tidemark.bench.ingest.IngestCpuBench;
import dev.tidemark.bench.ingest.PackBench;
import dev.tidemark.bench.ingest.ServersBench;
import dev.tidemark.bench.peers.ReadsUnderWritesBench;
import dev.tidemark.bench.query.ReadClientBench;
import dev.tidemark.server.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The groups that run only when named, each on its own, printing one table: {@code cpu} (the ingest
 * path's JVM CPU per sample, no database), {@code pack} (the raw layouts), {@code servers} (one
 * database with one and with two servers), {@code readclient} (JDBC against vertx-pg-client under
 * 64 dashboard clients), {@code readload} (a PromQL query idle and while 8 writers ingest) and
 * {@code citus} (Citus clusters of 1 and 2 workers, which {@code bench/run-citus} starts).
 */
final class Alone {
  /** Coordinator JDBC URLs of the clusters the Citus group compares (bench/run-citus sets them). */
  static final String CITUS_ONE_WORKER = "TIDEMARK_BENCH_CITUS_1_URL";

  static final String CITUS_TWO_WORKERS = "TIDEMARK_BENCH_CITUS_2_URL";

  /** One group: fills its table from the row count. */
  @FunctionalInterface
  private interface Group {
    void run(int rows, Table table) throws Exception;
  }

  private record Named(String title, Group group) {}

  private static final Map<String, Named> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put(
        "cpu", new Named("Ingest CPU (no database)", (rows, t) -> new IngestCpuBench(rows).run(t)));
    GROUPS.put(
        "pack",
        new Named(
            "Raw layouts on plain PostgreSQL 17 (embedded)",
            (rows, t) -> new PackBench(TestDatabase::freshPostgres, rows).run(t)));
    GROUPS.put(
        "servers",
        new Named(
            "One database, one and two servers (embedded PostgreSQL 17)",
            (rows, t) -> new ServersBench(TestDatabase::freshPostgres, rows).run(t)));
    GROUPS.put(
        "readclient",
        new Named(
            "Read client under 64 dashboard clients",
            (rows, t) -> {
              new ReadClientBench(TestDatabase::freshPostgres, 6).run(t);
              if (TestDatabase.freshTimescale().isPresent()) {
                new ReadClientBench(() -> TestDatabase.freshTimescale().orElseThrow(), 6).run(t);
              }
            }));
    GROUPS.put(
        "readload",
        new Named(
            "Reads under writes",
            (rows, t) -> {
              new ReadsUnderWritesBench().run(t, "", "embedded PostgreSQL 17");
              if (TestDatabase.freshTimescale().isPresent()) {
                new ReadsUnderWritesBench()
                    .run(t, TestDatabase.freshTimescale().orElseThrow(), "TimescaleDB");
              }
            }));
    GROUPS.put(
        "citus",
        new Named(
            "Citus 13.2 on PostgreSQL 15: 2 workers against 1, one machine",
            (rows, t) ->
                new CitusBench(env(CITUS_ONE_WORKER), env(CITUS_TWO_WORKERS), rows).run(t)));
  }

  private Alone() {}

  /** Runs the first group of {@code groups} that runs alone; false when there is none. */
  static boolean run(Set<String> groups, int rows) throws Exception {
    for (Map.Entry<String, Named> g : GROUPS.entrySet()) {
      if (groups.contains(g.getKey())) {
        Table table = new Table(g.getValue().title());
        g.getValue().group().run(rows, table);
        System.out.print(table.markdown(Machine.describe()));
        return true;
      }
    }
    return false;
  }

  static Set<String> names() {
    return GROUPS.keySet();
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "cannot run the citus group: " + name + " is not set (bench/run-citus sets it)");
    }
    return value;
  }
}
