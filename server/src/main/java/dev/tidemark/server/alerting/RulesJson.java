package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.Alert;
import dev.tidemark.alerting.eval.AlertState;
import dev.tidemark.alerting.eval.AlertingRuleState;
import dev.tidemark.alerting.eval.RuleEngine;
import dev.tidemark.alerting.eval.RuleState;
import dev.tidemark.alerting.eval.RuleStatus;
import dev.tidemark.alerting.rules.AlertingRule;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.alerting.rules.Template;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/rules} and {@code /api/v1/alerts} bodies in Prometheus' shape. */
final class RulesJson {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private RulesJson() {}

  /** {@code type} is null (all), {@code alert} or {@code record}. */
  static JsonObject rules(List<RuleEngine.GroupView> groups, String type) {
    JsonArray out = new JsonArray();
    for (RuleEngine.GroupView v : groups) {
      RuleGroup g = v.runner().group();
      JsonArray rules = new JsonArray();
      for (RuleState r : v.runner().rules()) {
        boolean alerting = r instanceof AlertingRuleState;
        if (type != null && type.equals("alert") != alerting) {
          continue;
        }
        rules.add(alerting ? alertingRule((AlertingRuleState) r) : recordingRule(r));
      }
      out.add(
          new JsonObject()
              .put("name", g.name())
              .put("file", g.file())
              .put("interval", g.interval().toMillis() / 1000.0)
              .put("limit", g.limit())
              .put("rules", rules)
              .put("evaluationTime", v.stats().lastSeconds())
              .put("lastEvaluation", time(v.stats().lastEvaluation())));
    }
    return new JsonObject().put("groups", out);
  }

  static JsonObject alerts(List<RuleEngine.GroupView> groups) {
    JsonArray out = new JsonArray();
    for (RuleEngine.GroupView v : groups) {
      for (Alert a : v.runner().alerts()) {
        if (a.state() != AlertState.INACTIVE) {
          out.add(alert(a));
        }
      }
    }
    return new JsonObject().put("alerts", out);
  }

  private static JsonObject alertingRule(AlertingRuleState s) {
    AlertingRule r = s.rule();
    JsonArray alerts = new JsonArray();
    AlertState state = AlertState.INACTIVE;
    for (Alert a : s.alerts()) {
      if (a.state() == AlertState.INACTIVE) {
        continue;
      }
      alerts.add(alert(a));
      if (a.state().ordinal() > state.ordinal()) {
        state = a.state();
      }
    }
    JsonObject o =
        new JsonObject()
            .put("state", state.label())
            .put("name", r.name())
            .put("query", r.expr().text())
            .put("language", r.expr().language().label())
            .put("duration", r.forDuration().toMillis() / 1000.0)
            .put("keepFiringFor", r.keepFiringFor().toMillis() / 1000.0)
            .put("labels", texts(r.labels()))
            .put("annotations", texts(r.annotations()))
            .put("alerts", alerts);
    return status(o, s.status()).put("type", "alerting");
  }

  private static JsonObject recordingRule(RuleState s) {
    JsonObject o =
        new JsonObject()
            .put("name", s.rule().name())
            .put("query", s.rule().expr().text())
            .put("language", s.rule().expr().language().label())
            .put("labels", texts(s.rule().labels()));
    return status(o, s.status()).put("type", "recording");
  }

  private static JsonObject status(JsonObject o, RuleStatus st) {
    o.put("health", st.health());
    if (!st.lastError().isEmpty()) {
      o.put("lastError", st.lastError());
    }
    return o.put("evaluationTime", st.seconds()).put("lastEvaluation", time(st.lastEvaluation()));
  }

  private static JsonObject alert(Alert a) {
    return new JsonObject()
        .put("labels", new JsonObject(new java.util.LinkedHashMap<>(a.labels())))
        .put("annotations", new JsonObject(new java.util.LinkedHashMap<>(a.annotations())))
        .put("state", a.state().label())
        .put("activeAt", time(a.activeAt()))
        .put("value", exponent(a.value()));
  }

  private static JsonObject texts(Map<String, Template> m) {
    JsonObject o = new JsonObject();
    m.forEach((k, v) -> o.put(k, v.text()));
    return o;
  }

  private static String time(long ms) {
    return ms == 0 ? ZERO_TIME : Instant.ofEpochMilli(ms).toString();
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, as Prometheus shows alert values. */
  static String exponent(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0e+00";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = d.precision() - d.scale() - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (v < 0 ? "-" : "")
        + mantissa
        + "e"
        + (exp < 0 ? "-" : "+")
        + (Math.abs(exp) < 10 ? "0" : "")
        + Math.abs(exp);
  }
}
