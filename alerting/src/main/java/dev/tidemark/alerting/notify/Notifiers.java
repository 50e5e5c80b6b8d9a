package dev.tidemark.alerting.notify;

import dev.tidemark.alerting.eval.Alert;
import dev.tidemark.alerting.eval.AlertSender;
import dev.tidemark.alerting.rules.Rule;
import dev.tidemark.alerting.rules.RuleGroup;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Fans alerts out to every target: Alertmanagers get what {@code RuleEngine} says is due (with
 * resends), at most 64 alerts a request as Prometheus batches; webhooks get each alert once when it
 * fires and once when it resolves.
 */
public final class Notifiers implements AlertSender, AutoCloseable {
  static final int MAX_BATCH = 64;

  private final List<Delivery> deliveries;
  private final String externalUrl;

  public Notifiers(List<Delivery> deliveries, String externalUrl) {
    this.deliveries = List.copyOf(deliveries);
    this.externalUrl =
        externalUrl.endsWith("/")
            ? externalUrl.substring(0, externalUrl.length() - 1)
            : externalUrl;
  }

  public List<Delivery> deliveries() {
    return deliveries;
  }

  @Override
  public void send(RuleGroup group, List<Alert> toAlertmanager, List<Alert> toWebhooks) {
    for (Delivery d : deliveries) {
      if (d.target().kind() == Target.Kind.ALERTMANAGER) {
        List<Notice> notices = notices(group, toAlertmanager, Notice::forAlertmanager);
        for (int i = 0; i < notices.size(); i += MAX_BATCH) {
          List<Notice> batch = notices.subList(i, Math.min(notices.size(), i + MAX_BATCH));
          d.offer(Payloads.alertmanager(batch), batch.size());
        }
      } else if (!toWebhooks.isEmpty()) {
        List<Notice> notices = notices(group, toWebhooks, Notice::forWebhook);
        byte[] body =
            d.target().kind() == Target.Kind.SLACK
                ? Payloads.slack(notices)
                : Payloads.webhook("tidemark", externalUrl, notices);
        d.offer(body, notices.size());
      }
    }
  }

  private List<Notice> notices(
      RuleGroup group, List<Alert> alerts, BiFunction<Alert, String, Notice> shape) {
    List<Notice> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      out.add(shape.apply(a, generatorUrl(group, a)));
    }
    return out;
  }

  /** A link to the rule's expression, as Prometheus builds it ({@code /graph?g0.expr=…}). */
  private String generatorUrl(RuleGroup group, Alert a) {
    String[] parts = a.ruleKey().split(";");
    String expr = "";
    try {
      int index = Integer.parseInt(parts[parts.length - 2]);
      Rule r = group.rules().get(index);
      expr = r.expr().text();
    } catch (RuntimeException e) {
      // a rule key from an older version of the group: link without the expression
    }
    return externalUrl
        + "/graph?g0.expr="
        + URLEncoder.encode(expr.trim(), StandardCharsets.UTF_8)
        + "&g0.tab=1";
  }

  @Override
  public void close() {
    for (Delivery d : deliveries) {
      d.close();
    }
  }
}
