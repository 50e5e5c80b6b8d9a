package dev.tidemark.releases.tests;

/**
 * One execution of one test case as a JUnit XML report records it.
 *
 * @param id {@code classname#name}
 * @param status {@code passed}, {@code failed}, {@code skipped} or {@code flaky} (passed after
 *     failing in the same run: Surefire's {@code flakyFailure}/{@code flakyError})
 */
public record TestOutcome(String id, String status) {}
