package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage contract on plain PostgreSQL (the embedded default). */
class PostgresStorageTest extends StorageContract {
  private final String url = TestDatabase.freshPostgres();

  @Override
  String jdbcUrl() {
    return url;
  }

  @Test
  void runsWithoutTimescaledb() {
    assertThat(database.flavor()).isEqualTo(Flavor.POSTGRES);
  }

  @Test
  void theMaintenancePassRollsUpRecentDataLikeARefreshPolicy() throws Exception {
    Instant now = Instant.now();
    Instant minute = now.minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      samples.add(
          new Sample("maint_m", Labels.empty(), minute.plusSeconds(10L * i).toEpochMilli(), i));
    }
    storage.writer().write(new Batch("maint", 1, samples, List.of()));
    database.withConnection(
        c -> {
          storage.tiers().maintain(c, PLAN, now);
          return null;
        });
    long id = seriesId("maint_m", Labels.empty());
    var points =
        database.withConnection(
            c -> storage.reader().points(c, id, PLAN.tier("1m").orElseThrow(), minute, now, 10));
    assertThat(points).hasSize(1);
    assertThat(points.get(0).count()).isEqualTo(6);
    assertThat(points.get(0).sum()).isEqualTo(15);
    assertThat(
            count(
                "SELECT count(*) FROM pg_class WHERE relname = 'samples_p"
                    + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(now.plus(1, ChronoUnit.DAYS))
                    + "'"))
        .isEqualTo(1);
  }
}
