package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Sample;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.releases.compare.Comparer;
import dev.tidemark.server.releases.compare.DailyScoring;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.MutableClock;
import dev.tidemark.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The daily scoring scores each service's newest release against its baseline, reuses a comparison
 * whose input is unchanged, and still keeps a score point per day.
 */
class DailyScoringTest {

  @Test
  void everyServiceIsScoredOncePerDayAndKeptAsASeries() throws Exception {
    try (Tidemark server =
        TestServer.start(Map.of(ConfigKey.RELEASES_CRITICAL_OPERATIONS, "checkout"))) {
      Http http = new Http(server.port());
      TwoReleasesHttpTest.twoReleases(server, http);
      List<Batch> appended = new CopyOnWriteArrayList<>();
      Comparer comparer = Comparer.of(server.storage(), server.config(), appended::add);
      MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
      try (DailyScoring scoring =
          new DailyScoring(
              server.storage(), comparer, comparer.series(), Duration.ofDays(1), clock)) {
        Map<String, JsonObject> first = scoring.runOnce();
        assertThat(first).containsOnlyKeys(ReleaseFixtures.SERVICE);
        JsonObject shop = first.get(ReleaseFixtures.SERVICE);
        assertThat(shop.getJsonObject("candidate").getString("version")).isEqualTo("v1.1.0");
        assertThat(shop.getJsonObject("drift")).isNotNull(); // the drift check comes with it
        clock.advance(Duration.ofDays(1));
        Map<String, JsonObject> second = scoring.runOnce();
        assertThat(second.get(ReleaseFixtures.SERVICE).getBoolean("reused")).isTrue();
      }
      // one score point per profile per day, each day a batch of its own
      assertThat(appended).extracting(Batch::batch).doesNotHaveDuplicates().hasSize(2);
      for (Batch b : appended) {
        assertThat(b.samples())
            .extracting(Sample::metric)
            .containsOnly("tidemark_release_quality_score");
        assertThat(b.samples()).hasSizeGreaterThanOrEqualTo(2); // release and service profiles
      }
      assertThat(appended.get(1).samples().get(0).timestamp())
          .isEqualTo(appended.get(0).samples().get(0).timestamp() + 86_400_000L);
    }
  }
}
