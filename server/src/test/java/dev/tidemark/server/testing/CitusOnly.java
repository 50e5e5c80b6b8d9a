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
      return ExternalDatabase.condition(
          TestDatabase.CITUS_ENV,
          REQUIRE_ENV,
          "a Citus coordinator",
          "a Citus cluster (../shared/citus/start)");
    }
  }
}
