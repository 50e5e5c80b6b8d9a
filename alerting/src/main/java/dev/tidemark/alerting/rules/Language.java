package dev.tidemark.alerting.rules;

import java.util.Locale;

/** The language a rule's {@code expr} is written in: PromQL unless the rule says {@code dsl}. */
public enum Language {
  PROMQL,
  DSL;

  /** {@code promql} or {@code dsl}; anything else is null. */
  static Language named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "promql" -> PROMQL;
      case "dsl" -> DSL;
      default -> null;
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
