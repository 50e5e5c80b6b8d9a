package dev.tidemark.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where {@code TIDEMARK_TEST_CITUS_URL} names a Citus coordinator; elsewhere
 * its tests are reported as skipped, with the reason. Where {@code TIDEMARK_TEST_REQUIRE_CITUS} is
 * set (CI sets it), a missing URL fails the tests instead, as {@link TimescaleOnly} does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CitusOnly.Condition.class)
public @interface CitusOnly {
  String REQUIRE_ENV = "TIDEMARK_TEST_REQUIRE_CITUS";

  /** Decides per test method, so each one is counted as skipped rather than the class vanishing. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String url = System.getenv(TestDatabase.CITUS_ENV);
      if (url != null && !url.isBlank()) {
        return ConditionEvaluationResult.enabled(TestDatabase.CITUS_ENV + " is set");
      }
      String required = System.getenv(REQUIRE_ENV);
      if (required != null && !required.isBlank()) {
        throw new IllegalStateException(
            REQUIRE_ENV
                + " is set but "
                + TestDatabase.CITUS_ENV
                + " is not: start a Citus cluster (../shared/citus/start) and export its URL");
      }
      return ConditionEvaluationResult.disabled(
          "skipped: " + TestDatabase.CITUS_ENV + " does not name a Citus coordinator");
    }
  }
}
