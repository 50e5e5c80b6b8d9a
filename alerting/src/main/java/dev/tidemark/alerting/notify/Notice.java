package dev.tidemark.alerting.notify;

import dev.tidemark.alerting.eval.Alert;
import dev.tidemark.alerting.eval.AlertState;
import java.util.Map;

/**
 * One alert as notifiers send it. {@code startsAt} is when it fired; {@code endsAt} when it
 * resolved, or for a firing alert sent to an Alertmanager until when it holds without news
 * (Prometheus' {@code 4 × max(resend delay, interval)}); 0 means open.
 */
public record Notice(
    Map<String, String> labels,
    Map<String, String> annotations,
    long startsAt,
    long endsAt,
    String generatorUrl,
    boolean firing) {

  /** As Prometheus sends an alert to Alertmanager. */
  public static Notice forAlertmanager(Alert a, String generatorUrl) {
    boolean resolved = a.resolved();
    return new Notice(
        a.labels(),
        a.annotations(),
        a.firedAt(),
        resolved ? a.resolvedAt() : a.validUntil(),
        generatorUrl,
        !resolved);
  }

  /** As a webhook hears about it: firing (no end) or resolved. */
  public static Notice forWebhook(Alert a, String generatorUrl) {
    boolean firing = a.state() == AlertState.FIRING;
    return new Notice(
        a.labels(),
        a.annotations(),
        a.firedAt(),
        firing ? 0 : a.resolvedAt(),
        generatorUrl,
        firing);
  }
}
