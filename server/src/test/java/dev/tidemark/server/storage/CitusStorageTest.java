package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.testing.CitusOnly;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on a Citus coordinator, where TIDEMARK_TEST_CITUS_URL names one: the plain
 * layout distributed by series.
 */
@CitusOnly
class CitusStorageTest extends StorageContract {
  private final String url;

  CitusStorageTest() {
    url = TestDatabase.freshCitus().orElse(null);
  }

  @Override
  String jdbcUrl() {
    return url;
  }

  @Test
  void runsOnCitus() {
    assertThat(database.flavor()).isEqualTo(Flavor.CITUS);
  }

  @Test
  void seriesDataIsDistributedAndCoLocatedBySeries() throws Exception {
    Map<String, String> layout = new HashMap<>();
    Map<String, Integer> colocation = new HashMap<>();
    database.withConnection(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT p.logicalrelid::regclass::text, p.partmethod,"
                          + " coalesce(a.attname, ''), p.colocationid FROM pg_dist_partition p"
                          + " LEFT JOIN pg_attribute a ON a.attrelid = p.logicalrelid"
                          + " AND a.attname = column_to_column_name(p.logicalrelid, p.partkey)"
                          + " JOIN pg_class r ON r.oid = p.logicalrelid"
                          + " WHERE r.relnamespace = current_schema()::regnamespace")) {
            while (rs.next()) {
              layout.put(rs.getString(1), rs.getString(2) + ":" + rs.getString(3));
              colocation.put(rs.getString(1), rs.getInt(4));
            }
          }
          return null;
        });
    for (String table :
        new String[] {
          "samples",
          "histograms",
          "histogram_buckets",
          "sample_blocks",
          "samples_1m",
          "histogram_buckets_1d",
          "series_seen",
          "stale_markers"
        }) {
      assertThat(layout).as(table).containsEntry(table, "h:series_id");
      assertThat(colocation.get(table)).as(table).isEqualTo(colocation.get("samples"));
    }
    assertThat(layout).containsEntry("series", "n:").containsEntry("spans", "h:trace_id");
    assertThat(layout).doesNotContainKeys("ingest_batches", "wal_positions", "releases");
    // the shards live on the workers, all of them
    assertThat(
            count(
                "SELECT count(DISTINCT n.nodeport) FROM pg_dist_shard s"
                    + " JOIN pg_dist_placement p USING (shardid)"
                    + " JOIN pg_dist_node n USING (groupid)"
                    + " WHERE s.logicalrelid = 'samples'::regclass AND n.groupid <> 0"))
        .isEqualTo(count("SELECT count(*) FROM citus_get_active_worker_nodes()"))
        .isPositive();
  }
}
