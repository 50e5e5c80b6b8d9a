package dev.tidemark.server.ingest.influx;

/**
 * Line-protocol names in Prometheus form, as Telegraf's Prometheus serializer does: the metric is
 * {@code <measurement>_<field>} (just {@code <measurement>} for a field named {@code value}), and
 * every character outside {@code [a-zA-Z0-9_]} ({@code :} is also kept in metric names) becomes
 * {@code _}, with a {@code _} in front of a leading digit. So {@code cpu usage_idle} is {@code
 * cpu_usage_idle} and {@code http.requests,path-group=a count=1} is {@code http_requests_count
 * {path_group="a"}}.
 */
final class MetricNames {
  private MetricNames() {}

  static String metric(String measurement, String field) {
    return sanitize(field.equals("value") ? measurement : measurement + "_" + field, true);
  }

  static String label(String tag) {
    return sanitize(tag, false);
  }

  private static String sanitize(String name, boolean colon) {
    StringBuilder sb = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (colon && c == ':')
              || (i > 0 && c >= '0' && c <= '9');
      if (ok && sb == null) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(name.length() + 1).append(name, 0, i);
      }
      if (ok) {
        sb.append(c);
      } else if (i == 0 && c >= '0' && c <= '9') {
        sb.append('_').append(c);
      } else {
        sb.append('_');
      }
    }
    return sb == null ? name : sb.toString();
  }
}
