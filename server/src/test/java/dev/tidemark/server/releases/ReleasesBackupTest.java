package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.backup.BackupCommand;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases, snapshots (dependencies, vulnerabilities, evidence) and a comparison survive a backup
 * and a restore into an empty configured database: the release API answers the same.
 */
class ReleasesBackupTest {
  @TempDir Path dir;

  @Test
  void releaseAnswersAreTheSameAfterARestoreIntoAnEmptyDatabase() throws Exception {
    String source = TestDatabase.freshPostgres();
    List<String> paths = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    try (Tidemark server = TestServer.start(source, Map.of())) {
      Http http = new Http(server.port());
      JsonObject comparison = TwoReleasesHttpTest.twoReleases(server, http);
      paths.add("/api/releases");
      paths.add("/api/releases/v1.1.0");
      paths.add("/api/comparisons");
      paths.add("/api/comparisons/" + comparison.getValue("id"));
      for (String p : paths) {
        HttpResponse<String> r = http.get(p);
        assertThat(r.statusCode()).as(p + " " + r.body()).isEqualTo(200);
        answers.add(r.body());
      }
      BackupCommand.backup(
          Config.defaults().with(ConfigKey.DATABASE_URL, source),
          dir.resolve("b"),
          new PrintStream(PrintStream.nullOutputStream()));
    }
    String target = TestDatabase.freshPostgres();
    BackupCommand.restore(
        Config.defaults().with(ConfigKey.DATABASE_URL, target),
        dir.resolve("b"),
        new PrintStream(PrintStream.nullOutputStream()));
    try (Tidemark restored = TestServer.start(target, Map.of())) {
      Http http = new Http(restored.port());
      for (int i = 0; i < paths.size(); i++) {
        assertThat(http.get(paths.get(i)).body()).as(paths.get(i)).isEqualTo(answers.get(i));
      }
      assertThat(answers.get(1)).contains("v1.1.0");
    }
  }
}
