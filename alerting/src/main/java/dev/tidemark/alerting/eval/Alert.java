package dev.tidemark.alerting.eval;

import java.util.Collections;
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
  private String fingerprint;
  private Map<String, String> alertsSeries;
  private AlertState alertsSeriesState;
  private Map<String, String> forStateSeries;
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
    this(
        ruleKey,
        Collections.unmodifiableMap(new TreeMap<>(labels)),
        Collections.unmodifiableMap(new TreeMap<>(annotations)),
        true);
  }

  /** Shares the (unmodifiable, never mutated) maps: copies are cheap. */
  private Alert(
      String ruleKey, Map<String, String> labels, Map<String, String> annotations, boolean own) {
    this.ruleKey = ruleKey;
    this.labels = labels;
    this.annotations = annotations;
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
    Alert a = new Alert(ruleKey, labels, annotations, true);
    a.state = state;
    a.activeAt = activeAt;
    a.firedAt = firedAt;
    a.resolvedAt = resolvedAt;
    a.lastSentAt = lastSentAt;
    a.validUntil = validUntil;
    a.keepFiringSince = keepFiringSince;
    a.value = value;
    a.notified = notified;
    a.fingerprint = fingerprint;
    return a;
  }

  /**
   * The labels of this alert's {@code ALERTS} series in its current state, built once per state.
   */
  Map<String, String> alertsSeries() {
    if (alertsSeriesState != state) {
      Map<String, String> m = new TreeMap<>(labels);
      m.put("__name__", "ALERTS");
      m.put("alertstate", state.label());
      alertsSeries = Map.copyOf(m);
      alertsSeriesState = state;
    }
    return alertsSeries;
  }

  /** The labels of this alert's {@code ALERTS_FOR_STATE} series. */
  Map<String, String> forStateSeries() {
    if (forStateSeries == null) {
      Map<String, String> m = new TreeMap<>(labels);
      m.put("__name__", "ALERTS_FOR_STATE");
      forStateSeries = Map.copyOf(m);
    }
    return forStateSeries;
  }

  /** Labels as text, sorted: what tells two alerts of a rule apart (labels never change). */
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = labels.toString();
      fingerprint = f;
    }
    return f;
  }

  void annotations(Map<String, String> annotations) {
    this.annotations = annotations; // already unmodifiable: another alert's, built by the rule
  }

  public String ruleKey() {
    return ruleKey;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Map<String, String> annotations() {
    return annotations;
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
