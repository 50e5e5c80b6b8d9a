package dev.tidemark.server.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * The rule {@link TimescaleOnly} and {@link CitusOnly} share: a test runs where {@code urlEnv}
 * names the database; elsewhere it is reported as skipped with the reason, unless {@code
 * requireEnv} is set (CI sets it), where a missing URL fails instead: CI must not pass by skipping
 * part of the suite.
 */
final class ExternalDatabase {
  private ExternalDatabase() {}

  static ConditionEvaluationResult condition(
      String urlEnv, String requireEnv, String what, String howToStart) {
    String url = System.getenv(urlEnv);
    if (url != null && !url.isBlank()) {
      return ConditionEvaluationResult.enabled(urlEnv + " is set");
    }
    String required = System.getenv(requireEnv);
    if (required != null && !required.isBlank()) {
      throw new IllegalStateException(
          requireEnv
              + " is set but "
              + urlEnv
              + " is not: start "
              + howToStart
              + " and export its URL");
    }
    return ConditionEvaluationResult.disabled("skipped: " + urlEnv + " does not name " + what);
  }
}
