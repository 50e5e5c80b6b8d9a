package dev.tidemark.server.http;

import java.util.Map;

/** What keeps the server from taking writes right now; empty when it is ready. Blocking. */
@FunctionalInterface
public interface Readiness {
  Map<String, String> problems();
}
