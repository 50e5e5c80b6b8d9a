package dev.tidemark.alerting.eval;

/**
 * How a rule's last evaluation went, as {@code /api/v1/rules} reports it: health {@code ok}, {@code
 * err} or {@code unknown} (not yet evaluated), the error, when (epoch ms) and how long (seconds).
 */
public record RuleStatus(String health, String lastError, long lastEvaluation, double seconds) {
  public static final RuleStatus UNKNOWN = new RuleStatus("unknown", "", 0, 0);
}
