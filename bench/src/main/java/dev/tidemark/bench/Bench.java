package dev.tidemark.bench;

import dev.tidemark.bench.agent.AgentBench;
import dev.tidemark.bench.agent.AgentFootprintBench;
import dev.tidemark.bench.alerting.AlertingBench;
import dev.tidemark.bench.ingest.DurabilityBench;
import dev.tidemark.bench.ingest.IngestBench;
import dev.tidemark.bench.ingest.PackBench;
import dev.tidemark.bench.peers.PeerBench;
import dev.tidemark.bench.query.CatalogBench;
import dev.tidemark.bench.query.ChangePointBench;
import dev.tidemark.bench.query.QueryBench;
import dev.tidemark.bench.traces.SpanBench;
import dev.tidemark.server.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs every benchmark and prints one table per store: each figure next to a baseline measured in
 * the same process on the same machine, and their ratio. Numbers are never asserted; the README
 * carries the latest table. {@code bench/run} is the one command.
 *
 * <p>Arguments: rows per run (default 1,000,000), then optionally which groups to run, comma
 * separated, of {@code ingest,agent,query,catalog,traces,analysis,peers,alerting} (default all),
 * e.g. {@code bench/run 300000 query} while working on the query path; or one of the groups that
 * run alone ({@link Alone}: cpu, pack, servers, readclient, readload, citus).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Set<String> groups =
        args.length > 1
            ? Set.of(args[1].split(","))
            : Set.of(
                "ingest", "agent", "query", "catalog", "traces", "analysis", "peers", "alerting");
    if (Alone.run(groups, rows)) {
      System.exit(0);
    }
    for (String g : groups) {
      if (!Set.of("ingest", "agent", "query", "catalog", "traces", "analysis", "peers", "alerting")
          .contains(g)) {
        throw new IllegalArgumentException(
            "cannot run benchmarks: unknown group "
                + g
                + " (ingest, agent, query, catalog, traces, analysis, peers, alerting; alone: "
                + String.join(", ", Alone.names())
                + ")");
      }
    }
    String machine = Machine.describe();
    System.out.println("Tidemark benchmarks on " + machine + ", " + rows + " rows per run");
    List<String> tables = new ArrayList<>();
    boolean database =
        groups.contains("ingest")
            || groups.contains("agent")
            || groups.contains("query")
            || groups.contains("catalog")
            || groups.contains("traces");
    if (database) {
      tables.add(
          run(
              "plain PostgreSQL 17 (embedded)",
              TestDatabase::freshPostgres,
              rows,
              machine,
              groups));
      if (TestDatabase.freshTimescale().isPresent()) {
        tables.add(
            run(
                "TimescaleDB (" + TestDatabase.TIMESCALEDB_ENV + ")",
                () -> TestDatabase.freshTimescale().orElseThrow(),
                rows,
                machine,
                groups));
      }
    }
    if (groups.contains("analysis")) {
      Table analysis = new Table("Analysis (no database)");
      new ChangePointBench().run(analysis);
      tables.add(analysis.markdown(machine));
    }
    if (groups.contains("peers")) {
      System.out.println("\n# peers");
      tables.add(new PeerBench(rows).run(machine));
    }
    if (groups.contains("alerting")) {
      Table alerting = new Table("Alerting (no database)");
      new AlertingBench().run(alerting);
      tables.add(alerting.markdown(machine));
    }
    System.out.println("\n## Results");
    tables.forEach(System.out::print);
    System.exit(0); // the shared embedded PostgreSQL stops in its shutdown hook
  }

  private static String run(
      String store, DatabaseFactory databases, int rows, String machine, Set<String> groups)
      throws Exception {
    Table table = new Table("Ingest, agent and query on " + store);
    double endToEnd = Double.NaN;
    if (groups.contains("ingest")) {
      System.out.println("\n# ingest on " + store);
      endToEnd = new IngestBench(databases::fresh, rows).run(table);
      if (store.contains("embedded")) {
        new DurabilityBench(rows).run(table, endToEnd);
      }
      new PackBench(databases::fresh, rows).run(table);
    }
    if (groups.contains("agent")) {
      System.out.println("\n# agent on " + store);
      new AgentBench(databases::fresh, rows).run(table, endToEnd);
      new AgentFootprintBench(databases::fresh).run(table);
    }
    if (groups.contains("query")) {
      System.out.println("\n# query on " + store);
      new QueryBench(databases::fresh).run(table);
    }
    if (groups.contains("catalog")) {
      System.out.println("\n# catalog on " + store);
      new CatalogBench(databases::fresh).run(table);
    }
    if (groups.contains("traces")) {
      System.out.println("\n# traces on " + store);
      new SpanBench(databases::fresh, rows / 5).run(table);
    }
    return table.markdown(machine);
  }

  /** A fresh, empty database per measurement, so every run starts on empty tables. */
  @FunctionalInterface
  interface DatabaseFactory {
    String fresh();
  }
}
