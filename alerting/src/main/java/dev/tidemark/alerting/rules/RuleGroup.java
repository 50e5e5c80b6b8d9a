package dev.tidemark.alerting.rules;

import java.time.Duration;
import java.util.List;

/**
 * A group of rules evaluated in order at one interval. {@code file} names where it came from (a
 * path, or {@code api} for groups managed over REST); {@code source} is the group's YAML, kept so a
 * managed group can be stored and shown as written.
 */
public record RuleGroup(
    String file, String name, Duration interval, int limit, List<Rule> rules, String source) {
  public RuleGroup {
    rules = List.copyOf(rules);
  }

  /** The key groups are told apart by: file and name, as in Prometheus. */
  public String key() {
    return file + ";" + name;
  }
}
