package dev.tidemark.alerting.eval;

import java.util.Map;
import java.util.TreeMap;

/**
 * One alert of one alerting rule: its labels (which identify it), annotations, state and times
 * (epoch ms, 0 for never). Mutable, owned by its rule's {@link AlertingRuleState} and touched only
 * by the thread evaluating the group; notifiers and the API get {@link #copy()}s.
 */
public final class Alert {
  private final String ruleKey;
  private final Map<String, String> labels;
  private Map<String, String> annotations;
  AlertState state = AlertState.PENDING;
  long activeAt;
  long firedAt;
  long resolvedAt;
  long lastSentAt;
  long validUntil;
  long keepFiringSince;
  double value;

  /** The last state webhooks were told: FIRING once a firing message went out, else INACTIVE. */
  AlertState notified = AlertState.INACTIVE;

  public Alert(String ruleKey, Map<String, String> labels, Map<String, String> annotations) {
    this.ruleKey = ruleKey;
    this.labels = new TreeMap<>(labels);
    this.annotations = new TreeMap<>(annotations);
  }

  /** An alert as stored; used when state is restored after a restart. */
  public static Alert restore(
      String ruleKey,
      Map<String, String> labels,
      Map<String, String> annotations,
      AlertState state,
      long[] times,
      double value,
      AlertState notified) {
    Alert a = new Alert(ruleKey, labels, annotations);
    a.state = state;
    a.activeAt = times[0];
    a.firedAt = times[1];
    a.resolvedAt = times[2];
    a.lastSentAt = times[3];
    a.validUntil = times[4];
    a.keepFiringSince = times[5];
    a.value = value;
    a.notified = notified;
    return a;
  }

  /** activeAt, firedAt, resolvedAt, lastSentAt, validUntil, keepFiringSince — as stored. */
  public long[] times() {
    return new long[] {activeAt, firedAt, resolvedAt, lastSentAt, validUntil, keepFiringSince};
  }

  public Alert copy() {
    Alert a = restore(ruleKey, labels, annotations, state, times(), value, notified);
    return a;
  }

  /** Labels as text, sorted: what tells two alerts of a rule apart. */
  public String fingerprint() {
    return labels.toString();
  }

  void annotations(Map<String, String> annotations) {
    this.annotations = new TreeMap<>(annotations);
  }

  public String ruleKey() {
    return ruleKey;
  }

  public Map<String, String> labels() {
    return java.util.Collections.unmodifiableMap(labels);
  }

  public Map<String, String> annotations() {
    return java.util.Collections.unmodifiableMap(annotations);
  }

  public AlertState state() {
    return state;
  }

  public long activeAt() {
    return activeAt;
  }

  public long firedAt() {
    return firedAt;
  }

  public long resolvedAt() {
    return resolvedAt;
  }

  public long lastSentAt() {
    return lastSentAt;
  }

  public long validUntil() {
    return validUntil;
  }

  public double value() {
    return value;
  }

  public AlertState notified() {
    return notified;
  }

  /** Resolved: it fired (or was pending) and has stopped; kept a while so "resolved" is sent. */
  public boolean resolved() {
    return state == AlertState.INACTIVE && resolvedAt > 0;
  }

  @Override
  public String toString() {
    return "Alert" + labels + "[" + state.label() + ", value=" + value + "]";
  }
}
