package dev.tidemark.bench.query;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.storage.Storage;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The data {@link ReadClientBench} reads: {@value #SERIES} counters of {@value #JOBS} jobs at a
 * {@value #INTERVAL_SECONDS} s interval over the {@value #HOURS} hours before a time, written
 * through the storage writer, rolled up into every tier and vacuumed.
 */
final class CounterData {
  static final int SERIES = 300;
  static final int JOBS = 10;
  static final int HOURS = 3;
  static final int INTERVAL_SECONDS = 10;
  static final String METRIC = "dash_requests_total";

  private CounterData() {}

  /** Writes the counters and rolls them up; answers the series ids in id order. */
  static long[] load(Storage storage, long now, int[] jobOf) throws Exception {
    long started = System.nanoTime();
    Random random = new Random(3);
    Labels[] labels = new Labels[SERIES];
    double[] value = new double[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] = Labels.of("instance", "i" + i, "job", "j" + (i % JOBS), "region", "r" + (i % 4));
    }
    long from = now - HOURS * 3_600_000L;
    List<Sample> batch = new ArrayList<>();
    long id = 0;
    long rows = 0;
    for (long t = from; t < now; t += INTERVAL_SECONDS * 1000L) {
      for (int i = 0; i < SERIES; i++) {
        value[i] += random.nextInt(20);
        batch.add(new Sample(METRIC, labels[i], t, value[i]));
      }
      if (batch.size() >= 50_000) {
        rows += batch.size();
        storage.writer().writeAll(List.of(new Batch(null, id++, batch, List.of())), -1);
        batch = new ArrayList<>();
      }
    }
    rows += batch.size();
    storage.writer().writeAll(List.of(new Batch(null, id, batch, List.of())), -1);
    long written = rows;
    return storage
        .database()
        .withConnection(
            c -> {
              for (int attempt = 1; ; attempt++) {
                try {
                  storage
                      .tiers()
                      .refresh( // whole days: TimescaleDB refuses a window short of a bucket
                          c,
                          storage.plan(),
                          Instant.ofEpochMilli(from)
                              .truncatedTo(ChronoUnit.DAYS)
                              .minus(1, ChronoUnit.DAYS),
                          Instant.ofEpochMilli(now)
                              .truncatedTo(ChronoUnit.DAYS)
                              .plus(2, ChronoUnit.DAYS));
                  break;
                } catch (java.sql.SQLException e) {
                  // TimescaleDB's own refresh policy may be running the same window: wait for it
                  if (attempt == 30 || !String.valueOf(e.getMessage()).contains("concurrent")) {
                    throw e;
                  }
                  sleep(1000);
                }
              }
              try (Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE)");
              }
              List<Long> out = new ArrayList<>();
              try (var ps =
                  c.prepareStatement(
                      "SELECT id, labels->>'job' FROM series WHERE metric = ? ORDER BY id")) {
                ps.setString(1, METRIC);
                try (var rs = ps.executeQuery()) {
                  while (rs.next()) {
                    jobOf[out.size()] = Integer.parseInt(rs.getString(2).substring(1));
                    out.add(rs.getLong(1));
                  }
                }
              }
              System.out.printf(
                  Locale.ROOT,
                  "  loaded %,d samples of %d series, rolled up and vacuumed in %.0f s%n",
                  written,
                  out.size(),
                  (System.nanoTime() - started) / 1e9);
              return out.stream().mapToLong(Long::longValue).toArray();
            });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
