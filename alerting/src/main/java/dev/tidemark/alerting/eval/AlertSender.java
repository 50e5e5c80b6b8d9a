package dev.tidemark.alerting.eval;

import dev.tidemark.alerting.rules.RuleGroup;
import java.util.List;

/** Hands alerts to the notifiers; must not block for long (notifiers queue and retry). */
public interface AlertSender {
  void send(RuleGroup group, List<Alert> toAlertmanager, List<Alert> toWebhooks);

  static AlertSender none() {
    return (group, am, hooks) -> {};
  }
}
