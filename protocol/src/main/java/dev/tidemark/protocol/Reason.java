package dev.tidemark.protocol;

/** Why a sample was rejected. The lowercase name is the label value in the server's metrics. */
public enum Reason {
  MALFORMED,
  BAD_METRIC_NAME,
  BAD_LABEL_NAME,
  BAD_LABEL_VALUE,
  TOO_MANY_LABELS,
  TIMESTAMP_TOO_OLD,
  TIMESTAMP_IN_FUTURE,
  NON_FINITE_VALUE,
  BAD_HISTOGRAM,
  BAD_ID,
  ATTRIBUTE_TOO_LARGE,
  BAD_SPAN,
  UNSUPPORTED;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
