package dev.tidemark.bench.ingest;

import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.SeriesKey;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.RawPoints;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Plain PostgreSQL's two raw layouts on the same data: 1,000 series at a 10 s interval, a day older
 * than {@code storage.compress.after}, as rows and then packed into hour blocks by the maintenance
 * pass. Prints bytes per sample on disk (table and indexes, after VACUUM) and the time of PromQL's
 * raw read of all 1,000 series over one hour from each layout.
 */
public final class PackBench {
  private static final int SERIES = 1_000;
  private static final long STEP_MS = 10_000;

  private final Supplier<String> databases;
  private final int rows;

  public PackBench(Supplier<String> databases, int rows) {
    this.databases = databases;
    this.rows = rows;
  }

  public void run(Table table) throws Exception {
    try (Database db = Database.connect(databases.get(), null, null, 4, 16, "auto")) {
      if (!db.flavor().plainLayout()) {
        return; // TimescaleDB packs in its columnstore: see the README's measurement
      }
      Storage storage =
          Storage.open(
              db,
              TierPlan.parse(
                  "raw:14d,1m:30d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2)),
              200_000,
              Clock.systemUTC());
      Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS);
      int rounds = Math.max(720, rows / SERIES);
      List<Sample> batch = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        long t = day.toEpochMilli() + r * STEP_MS;
        for (int s = 0; s < SERIES; s++) {
          // a gauge with two decimals and a counter-like drift, as host metrics look
          batch.add(
              new Sample(
                  "pack_m",
                  Labels.of("series", Integer.toString(s)),
                  t,
                  Math.round((s % 50) * 10 + r * 0.37 + (r * s % 7) * 0.25) / 4.0));
        }
        if (batch.size() >= 100_000) {
          storage.writer().write(new Batch(null, 0, batch, List.of()));
          batch = new ArrayList<>();
        }
      }
      storage.writer().write(new Batch(null, 0, batch, List.of()));
      long samples = (long) rounds * SERIES;
      List<SeriesKey> keys = new ArrayList<>();
      for (int s = 0; s < SERIES; s++) {
        keys.add(new SeriesKey("pack_m", Labels.of("series", Integer.toString(s))));
      }
      long[] ids = db.withConnection(c -> storage.registry().resolve(c, keys, Map.of()));
      long from = day.toEpochMilli() + Duration.ofMinutes(30).toMillis();
      long to = from + Duration.ofHours(1).toMillis();

      double rowBytes = bytes(db, "samples") / (double) samples;
      double rowMs = readMs(db, ids, from, to);
      long started = System.nanoTime();
      storage.maintain();
      double packSeconds = (System.nanoTime() - started) / 1e9;
      double blockBytes = bytes(db, "sample_blocks") / (double) samples;
      double blockMs = readMs(db, ids, from, to);
      System.out.printf(
          Locale.ROOT,
          "  %,d samples: rows %.1f B/sample, blocks %.2f B/sample, packed in %.1f s; 1 h of 1,000 series read in %.1f ms (rows) / %.1f ms (blocks)%n",
          samples,
          rowBytes,
          blockBytes,
          packSeconds,
          rowMs,
          blockMs);
      table.add(
          "raw on disk after packing, bytes/sample",
          String.format(Locale.ROOT, "%.2f", blockBytes),
          String.format(Locale.ROOT, "rows %.1f", rowBytes),
          blockBytes / rowBytes,
          "≤ 16 (issue #11)");
      table.add(
          "raw read of 1,000 series × 1 h from blocks, ms",
          String.format(Locale.ROOT, "%.1f", blockMs),
          String.format(Locale.ROOT, "rows %.1f", rowMs),
          blockMs / rowMs,
          "≤ 1");
      table.add(
          "packing rows into blocks, samples/s",
          String.format(Locale.ROOT, "%.2f M", samples / packSeconds / 1e6),
          "-",
          Double.NaN,
          "-");
      storage.close();
    }
  }

  private static long bytes(Database db, String table) throws Exception {
    return db.withConnection(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + table);
            long total = 0;
            try (ResultSet rs =
                s.executeQuery(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        + " WHERE c.relname = '"
                        + table
                        + "' OR c.oid IN (SELECT inhrelid FROM pg_inherits i JOIN pg_class p"
                        + " ON p.oid = i.inhparent WHERE p.relname = '"
                        + table
                        + "')")) {
              rs.next();
              total = rs.getLong(1);
            }
            return total;
          }
        });
  }

  /** Best of 7 reads (after 3 warm-ups) of every series over {@code [from, to)}, in ms. */
  private static double readMs(Database db, long[] ids, long from, long to) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      int points =
          db.withConnection(
              c -> {
                int n = 0;
                for (var col : RawPoints.read(c, ids, from, to, true)) {
                  n += col.size();
                }
                return n;
              });
      if (points != ids.length * 360) {
        throw new IllegalStateException("cannot measure reads: " + points + " points read");
      }
      if (i >= 3) {
        best = Math.min(best, (System.nanoTime() - t) / 1e6);
      }
    }
    return best;
  }
}
