package dev.tidemark.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @Test
  void laterSourcesWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tidemark.properties");
    Files.writeString(
        file, "server.http.port=9001\nserver.http.host=0.0.0.0\ningest.max.labels=12\n");
    Properties system = new Properties();
    system.setProperty("server.http.port", "9002");
    system.setProperty("ingest.max.labels", "13");
    system.setProperty("java.version", "ignored: not ours");
    Config config = Config.load(file, system, Map.of("TIDEMARK_SERVER_HTTP_PORT", "9003"));
    assertThat(config.integer(ConfigKey.HTTP_PORT)).isEqualTo(9003);
    assertThat(config.integer(ConfigKey.INGEST_MAX_LABELS)).isEqualTo(13);
    assertThat(config.string(ConfigKey.HTTP_HOST)).isEqualTo("0.0.0.0");
    assertThat(config.string(ConfigKey.STORAGE_TIERS))
        .isEqualTo(ConfigKey.STORAGE_TIERS.defaultValue());
  }

  @Test
  void bindsLoopbackByDefault() {
    assertThat(Config.defaults().string(ConfigKey.HTTP_HOST)).isEqualTo("127.0.0.1");
  }

  @Test
  void unknownKeysAreRefusedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "server.http.prot=1\n");
    assertThatThrownBy(() -> Config.load(file, new Properties(), Map.of()))
        .hasMessageContaining("unknown configuration key server.http.prot");
    Properties system = new Properties();
    system.setProperty("storage.tier", "x");
    assertThatThrownBy(() -> Config.load(null, system, Map.of()))
        .hasMessageContaining("unknown configuration key -Dstorage.tier");
    assertThatThrownBy(
            () -> Config.load(null, new Properties(), Map.of("TIDEMARK_SERVER_PROT", "1")))
        .hasMessageContaining("unknown environment variable TIDEMARK_SERVER_PROT");
    assertThat(Config.load(null, new Properties(), Map.of("TIDEMARK_TEST_TIMESCALEDB_URL", "x")))
        .isNotNull();
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> Config.defaults().with(ConfigKey.HTTP_PORT, "http"))
        .hasMessageContaining("server.http.port=http");
    assertThatThrownBy(() -> Config.defaults().with(ConfigKey.HTTP_PORT, "70000"))
        .hasMessageContaining("must be 0-65535");
    for (String nice : new String[] {"high", "20", "-1"}) {
      assertThatThrownBy(() -> Config.defaults().with(ConfigKey.WAL_WRITER_NICE, nice))
          .hasMessageContaining("cannot use wal.writer.nice=" + nice + ": must be a whole number");
    }
    assertThat(
            Config.defaults()
                .with(ConfigKey.WAL_WRITER_NICE, "0")
                .integer(ConfigKey.WAL_WRITER_NICE))
        .isZero();
    assertThatThrownBy(() -> Config.defaults().with(ConfigKey.STORAGE_LATE_WINDOW, "an hour"))
        .hasMessageContaining("cannot use storage.late.window=an hour: cannot parse duration");
    assertThatThrownBy(() -> Config.defaults().with(ConfigKey.STORAGE_TIMESCALEDB, "yes"))
        .hasMessageContaining("allowed values are auto, on, off");
    assertThatThrownBy(() -> Config.defaults().with(ConfigKey.INGEST_BODY_LIMIT, "lots"))
        .hasMessageContaining("ingest.body.limit");
    assertThatThrownBy(
            () ->
                Config.defaults()
                    .with(ConfigKey.DATABASE_PASSWORD, "x")
                    .with(ConfigKey.DATABASE_POOL_SIZE, "0"))
        .hasMessageContaining("database.pool.size=0: must be a positive integer");
    assertThatThrownBy(
            () -> Config.defaults().with(ConfigKey.DATABASE_READ_URL, "jdbc:postgresql://r/db"))
        .hasMessageContaining("cannot use database.read.url without database.url");
  }

  @Test
  void durationsAndSizesReadAsWritten() {
    assertThat(Durations.parse("1h30m").toMinutes()).isEqualTo(90);
    assertThat(Durations.format(Durations.parse("1h3m"))).isEqualTo("1h3m");
    assertThat(Durations.parseBytes("16MiB")).isEqualTo(16L << 20);
    assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .hasMessageContaining("unit ms, s, m, h, d, w or y");
  }
}
