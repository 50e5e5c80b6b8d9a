package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.AlertingRule;
import dev.tidemark.alerting.rules.RecordingRule;
import dev.tidemark.alerting.rules.Rule;
import dev.tidemark.alerting.rules.RuleGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One group's rules and their state, evaluated in order at one time. A rule that fails is marked
 * {@code err} and the rest still run (a recording rule's result is visible to the rules after it
 * only through storage, as in Prometheus).
 */
public final class GroupRunner {
  private final RuleGroup group;
  private final List<RuleState> rules;

  GroupRunner(RuleGroup group, Map<String, String> externalLabels) {
    this.group = group;
    List<RuleState> states = new ArrayList<>();
    int i = 0;
    for (Rule r : group.rules()) {
      if (r instanceof AlertingRule a) {
        states.add(
            new AlertingRuleState(
                a, group.key() + ";" + i + ";" + a.name(), group.limit(), externalLabels));
      } else {
        states.add(new RecordingRuleState((RecordingRule) r));
      }
      i++;
    }
    this.rules = List.copyOf(states);
  }

  public RuleGroup group() {
    return group;
  }

  public List<RuleState> rules() {
    return rules;
  }

  /**
   * What one evaluation produced; {@code state} holds every alert of the group when any of what a
   * store keeps changed, and is empty otherwise.
   */
  public record Result(
      long timestamp,
      List<OutputSample> samples,
      List<Alert> toAlertmanager,
      List<Alert> toWebhooks,
      Map<String, List<Alert>> state,
      int failures) {}

  /** Evaluates every rule at {@code ts}; {@code resendDelay} paces Alertmanager resends. */
  public Result evaluate(long ts, RuleQuerier querier, long resendDelay) {
    List<OutputSample> samples = new ArrayList<>();
    List<Alert> am = new ArrayList<>();
    List<Alert> hooks = new ArrayList<>();
    Map<String, List<Alert>> state = new LinkedHashMap<>();
    boolean changed = false;
    int failures = 0;
    for (RuleState r : rules) {
      long start = System.nanoTime();
      try {
        samples.addAll(r.evaluate(ts, querier));
        r.status(new RuleStatus("ok", "", ts, (System.nanoTime() - start) / 1e9));
      } catch (Exception | StackOverflowError e) {
        failures++;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        r.status(new RuleStatus("err", message, ts, (System.nanoTime() - start) / 1e9));
      }
      if (r instanceof AlertingRuleState a) {
        am.addAll(a.dueForAlertmanager(ts, resendDelay, group.interval().toMillis()));
        hooks.addAll(a.dueForWebhooks());
        changed |= a.publish();
        state.put(a.key(), a.alerts());
      }
    }
    return new Result(ts, samples, am, hooks, changed ? state : Map.of(), failures);
  }

  /** Puts back stored alerts, by rule key; keys of rules that no longer exist are ignored. */
  public void restore(Map<String, List<Alert>> stored) {
    for (RuleState r : rules) {
      if (r instanceof AlertingRuleState a && stored.containsKey(a.key())) {
        a.restore(stored.get(a.key()));
      }
    }
  }

  /** Carries alert state over from the group this one replaces (same rule keys). */
  void inherit(GroupRunner old) {
    Map<String, List<Alert>> byKey = new LinkedHashMap<>();
    for (RuleState r : old.rules) {
      if (r instanceof AlertingRuleState a) {
        byKey.put(a.key(), a.copies());
      }
    }
    restore(byKey);
  }

  /** The group's alerts by rule key, as last published (what a store keeps). */
  public Map<String, List<Alert>> state() {
    Map<String, List<Alert>> out = new LinkedHashMap<>();
    for (RuleState r : rules) {
      if (r instanceof AlertingRuleState a) {
        out.put(a.key(), a.alerts());
      }
    }
    return out;
  }

  /** Every current alert of the group. */
  public List<Alert> alerts() {
    List<Alert> out = new ArrayList<>();
    for (RuleState r : rules) {
      if (r instanceof AlertingRuleState a) {
        out.addAll(a.alerts());
      }
    }
    return out;
  }
}
