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
 * Runs a test class only where {@code TIDEMARK_TEST_TIMESCALEDB_URL} names a TimescaleDB; elsewhere
 * its tests are reported as skipped, with the reason. Where {@code
 * TIDEMARK_TEST_REQUIRE_TIMESCALEDB} is set (CI sets it), a missing URL fails the tests instead: CI
 * must not pass by skipping half the suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TimescaleOnly.Condition.class)
public @interface TimescaleOnly {
  String REQUIRE_ENV = "TIDEMARK_TEST_REQUIRE_TIMESCALEDB";

  /** Decides per test method, so each one is counted as skipped rather than the class vanishing. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return ExternalDatabase.condition(
          TestDatabase.TIMESCALEDB_ENV,
          REQUIRE_ENV,
          "a TimescaleDB",
          "a TimescaleDB (../shared/timescaledb/start)");
    }
  }
}
