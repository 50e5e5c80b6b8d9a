package dev.tidemark.alerting.rules;

import java.util.Map;

/** One rule of a group: a recording rule or an alerting rule. */
public sealed interface Rule permits RecordingRule, AlertingRule {
  /** The series name a recording rule writes, or the alert's name. */
  String name();

  Expression expr();

  /** Labels added to every result (templates for alerting rules). */
  Map<String, Template> labels();
}
