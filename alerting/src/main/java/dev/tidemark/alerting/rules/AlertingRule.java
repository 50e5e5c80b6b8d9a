package dev.tidemark.alerting.rules;

import java.time.Duration;
import java.util.Map;

/**
 * {@code alert: name} — every series {@code expr} returns is an alert, pending until it has been
 * returned for {@code forDuration}, then firing; it stays firing {@code keepFiringFor} after it
 * stops being returned.
 */
public record AlertingRule(
    String name,
    Expression expr,
    Duration forDuration,
    Duration keepFiringFor,
    Map<String, Template> labels,
    Map<String, Template> annotations)
    implements Rule {
  public AlertingRule {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
