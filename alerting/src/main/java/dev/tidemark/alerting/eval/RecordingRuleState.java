package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.RecordingRule;
import dev.tidemark.alerting.rules.Template;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A recording rule: each result sample renamed to the rule's name, its labels added. */
final class RecordingRuleState implements RuleState {
  private final RecordingRule rule;
  private final SeriesTracker tracker = new SeriesTracker();
  private volatile RuleStatus status = RuleStatus.UNKNOWN;

  RecordingRuleState(RecordingRule rule) {
    this.rule = rule;
  }

  @Override
  public RecordingRule rule() {
    return rule;
  }

  @Override
  public List<OutputSample> evaluate(long ts, RuleQuerier querier) throws Exception {
    List<OutputSample> now = new ArrayList<>();
    Set<Map<String, String>> seen = new HashSet<>();
    for (Sample s : querier.instant(rule.expr(), ts)) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      for (Map.Entry<String, Template> e : rule.labels().entrySet()) {
        labels.put(e.getKey(), e.getValue().text()); // Prometheus does not template these
      }
      labels.put("__name__", rule.name());
      if (!seen.add(labels)) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
      now.add(new OutputSample(rule.name(), labels, ts, s.value(), false));
    }
    List<OutputSample> out = new ArrayList<>(now);
    tracker.track(now, ts, out);
    return out;
  }

  @Override
  public RuleStatus status() {
    return status;
  }

  @Override
  public void status(RuleStatus status) {
    this.status = status;
  }
}
