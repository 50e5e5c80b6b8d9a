package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.TimescaleOnly;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A PostgreSQL 15 where the timescaledb package is installed but not preloaded (Debian's server,
 * which CI installs for TimescaleDB): {@code storage.timescaledb=auto} must fall back to plain
 * PostgreSQL and work; {@code on} must refuse with a message that names the fix.
 */
@TimescaleOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleNotPreloadedTest {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  Path dir;
  String url;

  @BeforeAll
  void startCluster() throws Exception {
    dir = Files.createTempDirectory("tidemark-nopreload");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "postgres:", dir.toString()), false);
    }
    run(
        List.of(
            BIN.resolve("initdb").toString(),
            "-D",
            dir.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"),
        root);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run(
        List.of(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.toString(),
            "-w",
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
            "start"),
        root);
    url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (url != null) {
      run(
          List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "stop"),
          "root".equals(System.getProperty("user.name")));
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void autoFallsBackToPlainPostgresAndWorks() throws Exception {
    TierPlan plan = TierPlan.parse("raw:14d,1m:30d", Duration.ofHours(1), Duration.ofDays(2));
    try (Database db = Database.connect(url, null, null, 2, 8, "auto");
        Storage storage = Storage.open(db, plan, 100, Clock.systemUTC())) {
      assertThat(db.flavor()).isEqualTo(Flavor.POSTGRES);
      assertThat(storage.ready()).isTrue();
    }
  }

  @Test
  void onRefusesNamingTheFix() {
    assertThatThrownBy(() -> Database.connect(url, null, null, 2, 8, "on"))
        .hasMessageContaining("shared_preload_libraries");
  }

  private static void run(List<String> command, boolean asPostgres) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("cannot run " + cmd + ": " + out);
    }
  }
}
