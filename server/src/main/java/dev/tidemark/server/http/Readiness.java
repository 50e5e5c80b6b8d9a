package dev.tidemark.server.http;

import java.util.Map;

/**
 * What keeps the server from taking writes right now (empty when it is ready), and detail an
 * operator should see that does not make it unready. Blocking.
 */
@FunctionalInterface
public interface Readiness {
  Map<String, String> problems();

  /** Shown under {@code detail} in {@code /ready}; never changes its status. */
  default Map<String, Object> detail() {
    return Map.of();
  }
}
