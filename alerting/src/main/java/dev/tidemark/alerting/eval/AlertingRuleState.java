package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.AlertingRule;
import dev.tidemark.alerting.rules.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alert state machine of one alerting rule, as Prometheus runs it: a series the expression
 * returns is a pending alert; pending for {@code for}, it fires; when the series is gone a pending
 * alert is dropped and a firing one resolves (after {@code keep_firing_for}), and a resolved alert
 * is kept 15 minutes so its resolution can be sent.
 */
public final class AlertingRuleState implements RuleState {
  /** How long a resolved alert is kept (and re-sent as resolved), as in Prometheus. */
  public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

  private final AlertingRule rule;
  private final String key;
  private final int limit;
  private final Map<String, String> externalLabels;
  private final Map<String, Alert> active = new LinkedHashMap<>();
  private final SeriesTracker tracker = new SeriesTracker();
  private volatile RuleStatus status = RuleStatus.UNKNOWN;
  private volatile List<Alert> snapshot = List.of();
  private boolean dirty; // something a store keeps changed since the last snapshot

  AlertingRuleState(AlertingRule rule, String key, int limit, Map<String, String> externalLabels) {
    this.rule = rule;
    this.key = key;
    this.limit = limit;
    this.externalLabels = externalLabels;
  }

  @Override
  public AlertingRule rule() {
    return rule;
  }

  /** The key alerts of this rule are stored under: group key, position and name. */
  public String key() {
    return key;
  }

  /** Puts back alerts stored before a restart. */
  void restore(Collection<Alert> alerts) {
    for (Alert a : alerts) {
      active.put(a.fingerprint(), a);
    }
    snapshot = copies();
  }

  @Override
  public List<OutputSample> evaluate(long ts, RuleQuerier querier) throws Exception {
    List<Sample> result = querier.instant(rule.expr(), ts);
    Map<String, Alert> fresh = new LinkedHashMap<>();
    for (Sample s : result) {
      Alert a = alertFor(s);
      if (fresh.put(a.fingerprint(), a) != null) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
    }
    for (Alert a : fresh.values()) {
      Alert old = active.get(a.fingerprint());
      if (old != null && old.state != AlertState.INACTIVE) {
        old.value = a.value;
        old.annotations(a.annotations());
        continue;
      }
      a.activeAt = ts;
      dirty = true;
      if (old != null) {
        a.notified = old.notified; // a resolution not yet told stays owed
      }
      active.put(a.fingerprint(), a);
    }
    long hold = rule.forDuration().toMillis();
    long keep = rule.keepFiringFor().toMillis();
    List<OutputSample> now = new ArrayList<>();
    var it = active.entrySet().iterator();
    while (it.hasNext()) {
      Alert a = it.next().getValue();
      if (!fresh.containsKey(a.fingerprint())) {
        if (keep > 0 && a.state == AlertState.FIRING) {
          if (a.keepFiringSince == 0) {
            a.keepFiringSince = ts;
            dirty = true;
          }
          if (ts - a.keepFiringSince < keep) {
            series(a, ts, now);
            continue;
          }
        }
        if (a.state == AlertState.PENDING
            || (a.resolvedAt > 0 && ts - a.resolvedAt > RESOLVED_RETENTION.toMillis())) {
          it.remove();
          dirty = true;
          continue;
        }
        if (a.state != AlertState.INACTIVE) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
          dirty = true;
        }
        continue;
      }
      if (a.keepFiringSince != 0) {
        a.keepFiringSince = 0;
        dirty = true;
      }
      if (a.state == AlertState.PENDING && ts - a.activeAt >= hold) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
        dirty = true;
      }
      series(a, ts, now);
    }
    if (limit > 0 && now.size() / 2 > limit) {
      active.clear();
      snapshot = List.of();
      dirty = true;
      throw new IllegalStateException(
          "exceeded limit of " + limit + " with " + now.size() / 2 + " alerts");
    }
    List<OutputSample> out = new ArrayList<>(now);
    tracker.track(now, ts, out);
    return out;
  }

  private Alert alertFor(Sample s) {
    Map<String, String> tmplLabels = new TreeMap<>(s.labels());
    tmplLabels.remove("__name__");
    Map<String, String> labels = new TreeMap<>(tmplLabels);
    for (Map.Entry<String, Template> e : rule.labels().entrySet()) {
      labels.put(e.getKey(), e.getValue().expand(tmplLabels, s.value(), externalLabels));
    }
    labels.values().removeIf(String::isEmpty);
    labels.put("alertname", rule.name());
    Map<String, String> annotations = new TreeMap<>();
    for (Map.Entry<String, Template> e : rule.annotations().entrySet()) {
      annotations.put(e.getKey(), e.getValue().expand(tmplLabels, s.value(), externalLabels));
    }
    Alert a = new Alert(key, labels, annotations);
    a.value = s.value();
    return a;
  }

  private static void series(Alert a, long ts, List<OutputSample> out) {
    out.add(new OutputSample("ALERTS", a.alertsSeries(), ts, 1, false));
    // whole seconds, as Prometheus writes it (ActiveAt.Unix())
    out.add(
        new OutputSample(
            "ALERTS_FOR_STATE",
            a.forStateSeries(),
            ts,
            (double) Math.floorDiv(a.activeAt, 1000),
            false));
  }

  /**
   * Alerts due to go to an Alertmanager at {@code ts}: firing ones every {@code resendDelay},
   * resolved ones once resolved and then as often; marks them sent and returns copies whose {@code
   * validUntil} says how long Alertmanager should trust them without news.
   */
  List<Alert> dueForAlertmanager(long ts, long resendDelay, long interval) {
    List<Alert> out = new ArrayList<>();
    for (Alert a : active.values()) {
      if (a.state == AlertState.PENDING) {
        continue;
      }
      if (a.resolvedAt > a.lastSentAt || a.lastSentAt + resendDelay < ts) {
        dirty = true;
        a.lastSentAt = ts;
        a.validUntil = ts + 4 * Math.max(resendDelay, interval);
        out.add(a.copy());
      }
    }
    return out;
  }

  /** Alerts whose news webhooks have not had: newly firing, or resolved after firing. */
  List<Alert> dueForWebhooks() {
    List<Alert> out = new ArrayList<>();
    for (Alert a : active.values()) {
      if (a.state == AlertState.FIRING && a.notified != AlertState.FIRING) {
        dirty = true;
        a.notified = AlertState.FIRING;
        out.add(a.copy());
      } else if (a.resolved() && a.notified == AlertState.FIRING) {
        dirty = true;
        a.notified = AlertState.INACTIVE;
        out.add(a.copy());
      }
    }
    return out;
  }

  /** Copies of the current alerts (pending, firing and recently resolved). */
  public List<Alert> alerts() {
    return snapshot;
  }

  /**
   * Takes the snapshot the API and the store see, after notification marks were set; returns
   * whether anything a store keeps changed since the last one.
   */
  boolean publish() {
    snapshot = copies();
    boolean changed = dirty;
    dirty = false;
    return changed;
  }

  /** Copies of the current alerts. */
  List<Alert> copies() {
    List<Alert> out = new ArrayList<>(active.size());
    for (Alert a : active.values()) {
      out.add(a.copy());
    }
    return List.copyOf(out);
  }

  @Override
  public RuleStatus status() {
    return status;
  }

  @Override
  public void status(RuleStatus status) {
    this.status = status;
  }

  /** Labels of fresh alerts seen this round, for tests. */
  Set<String> fingerprints() {
    return new HashSet<>(active.keySet());
  }
}
