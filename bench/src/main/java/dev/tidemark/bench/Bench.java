package dev.tidemark.bench;

import dev.tidemark.bench.agent.AgentBench;
import dev.tidemark.bench.agent.AgentFootprintBench;
import dev.tidemark.bench.ingest.IngestBench;
import dev.tidemark.bench.query.ChangePointBench;
import dev.tidemark.bench.query.QueryBench;
import dev.tidemark.server.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every benchmark and prints one table per store: each figure next to a baseline measured in
 * the same process on the same machine, and their ratio. Numbers are never asserted; the README
 * carries the latest table. {@code bench/run} is the one command.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String machine = Machine.describe();
    System.out.println("Tidemark benchmarks on " + machine + ", " + rows + " rows per run");
    List<String> tables = new ArrayList<>();
    tables.add(run("plain PostgreSQL 17 (embedded)", TestDatabase::freshPostgres, rows, machine));
    if (TestDatabase.freshTimescale().isPresent()) {
      tables.add(
          run(
              "TimescaleDB (" + TestDatabase.TIMESCALEDB_ENV + ")",
              () -> TestDatabase.freshTimescale().orElseThrow(),
              rows,
              machine));
    }
    Table analysis = new Table("Analysis (no database)");
    new ChangePointBench().run(analysis);
    tables.add(analysis.markdown(machine));
    System.out.println("\n## Results");
    tables.forEach(System.out::print);
    System.exit(0); // the shared embedded PostgreSQL stops in its shutdown hook
  }

  private static String run(String store, DatabaseFactory databases, int rows, String machine)
      throws Exception {
    System.out.println("\n# ingest on " + store);
    Table table = new Table("Ingest, agent and query on " + store);
    double endToEnd = new IngestBench(databases::fresh, rows).run(table);
    System.out.println("\n# agent on " + store);
    new AgentBench(databases::fresh, rows).run(table, endToEnd);
    new AgentFootprintBench(databases::fresh).run(table);
    System.out.println("\n# query on " + store);
    new QueryBench(databases::fresh).run(table);
    return table.markdown(machine);
  }

  /** A fresh, empty database per measurement, so every run starts on empty tables. */
  @FunctionalInterface
  interface DatabaseFactory {
    String fresh();
  }
}
