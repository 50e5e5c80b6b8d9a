package dev.tidemark.alerting.rules;

import java.util.Map;

/** {@code record: name} — evaluates {@code expr} and stores the result as series {@code name}. */
public record RecordingRule(String name, Expression expr, Map<String, Template> labels)
    implements Rule {
  public RecordingRule {
    labels = Map.copyOf(labels);
  }
}
