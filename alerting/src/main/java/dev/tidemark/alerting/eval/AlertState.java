package dev.tidemark.alerting.eval;

import java.util.Locale;

/** Where an alert is in its life; a resolved alert is {@link #INACTIVE} with a resolved time. */
public enum AlertState {
  INACTIVE,
  PENDING,
  FIRING;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
