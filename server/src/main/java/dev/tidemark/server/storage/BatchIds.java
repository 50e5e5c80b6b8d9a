package dev.tidemark.server.storage;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.storage.SampleWriter.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The identities of stored batches ({@code ingest_batches}): inside the writer's transaction, each
 * batch with an agent and id is recorded, and one whose identity is recorded already is a
 * duplicate, not stored again. Batches without an agent are always stored.
 */
final class BatchIds {
  private BatchIds() {}

  /** Records the batches' identities; returns, per batch, whether to store it. */
  static List<Outcome> record(Connection c, List<Batch> batches) throws SQLException {
    List<String> agents = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (Batch b : batches) {
      if (b.agent() != null) {
        agents.add(b.agent());
        ids.add(b.batch());
        sizes.add(b.size());
      }
    }
    Set<String> inserted = new HashSet<>();
    if (!agents.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO ingest_batches (agent, batch, items)"
                  + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::integer[])"
                  + " ON CONFLICT DO NOTHING RETURNING agent, batch")) {
        ps.setArray(1, c.createArrayOf("text", agents.toArray()));
        ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
        ps.setArray(3, c.createArrayOf("integer", sizes.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            inserted.add(rs.getString(1) + '\n' + rs.getLong(2));
          }
        }
      }
    }
    List<Outcome> outcomes = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      // the first occurrence claims the inserted id; repeats in the same list are duplicates
      boolean store = b.agent() == null || inserted.remove(b.agent() + '\n' + b.batch());
      outcomes.add(store ? Outcome.STORED : Outcome.DUPLICATE);
    }
    return outcomes;
  }
}
