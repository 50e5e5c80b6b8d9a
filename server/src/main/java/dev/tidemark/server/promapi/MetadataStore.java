package dev.tidemark.server.promapi;

import io.vertx.core.Future;
import java.util.List;

/** Where metric metadata from remote_write is kept. Call from a Vert.x context. */
public interface MetadataStore {

  /** Records descriptions; a family described again is replaced. */
  Future<Void> record(List<MetricMetadata> metadata);

  /** Every description, sorted by metric; only {@code metric}'s when not null. */
  Future<List<MetricMetadata>> read(String metric);
}
