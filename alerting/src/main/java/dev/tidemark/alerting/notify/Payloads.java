package dev.tidemark.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Request bodies for each {@link Target.Kind}. */
public final class Payloads {
  /** Alertmanager's zero time, sent as the end of an open alert in webhook bodies. */
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private Payloads() {}

  /**
   * Alertmanager API v2 {@code POST /api/v2/alerts}: {@code [{"labels", "annotations", "startsAt",
   * "endsAt", "generatorURL"}]}.
   */
  public static byte[] alertmanager(List<Notice> notices) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < notices.size(); i++) {
      Notice n = notices.get(i);
      b.append(i == 0 ? "{" : ",{");
      Json.string(b, "labels").append(':');
      Json.object(b, n.labels()).append(',');
      Json.string(b, "annotations").append(':');
      Json.object(b, n.annotations()).append(',');
      Json.field(b, "startsAt", time(n.startsAt())).append(',');
      if (n.endsAt() > 0) {
        Json.field(b, "endsAt", time(n.endsAt())).append(',');
      }
      Json.field(b, "generatorURL", n.generatorUrl()).append('}');
    }
    return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body Alertmanager's own webhook receiver sends ({@code version 4}), so receivers written
   * for Alertmanager read Tidemark's notifications unchanged.
   */
  public static byte[] webhook(String receiver, String externalUrl, List<Notice> notices) {
    boolean firing = notices.stream().anyMatch(Notice::firing);
    Map<String, String> common = common(notices, true);
    StringBuilder b = new StringBuilder("{");
    Json.field(b, "version", "4").append(',');
    Json.field(b, "receiver", receiver).append(',');
    Json.field(b, "status", firing ? "firing" : "resolved").append(',');
    Json.string(b, "alerts").append(":[");
    for (int i = 0; i < notices.size(); i++) {
      Notice n = notices.get(i);
      b.append(i == 0 ? "{" : ",{");
      Json.field(b, "status", n.firing() ? "firing" : "resolved").append(',');
      Json.string(b, "labels").append(':');
      Json.object(b, n.labels()).append(',');
      Json.string(b, "annotations").append(':');
      Json.object(b, n.annotations()).append(',');
      Json.field(b, "startsAt", time(n.startsAt())).append(',');
      Json.field(b, "endsAt", !n.firing() && n.endsAt() > 0 ? time(n.endsAt()) : ZERO_TIME)
          .append(',');
      Json.field(b, "generatorURL", n.generatorUrl()).append(',');
      Json.field(b, "fingerprint", fingerprint(n.labels())).append('}');
    }
    b.append("],");
    Json.string(b, "groupLabels").append(':');
    Json.object(b, Map.of()).append(',');
    Json.string(b, "commonLabels").append(':');
    Json.object(b, common).append(',');
    Json.string(b, "commonAnnotations").append(':');
    Json.object(b, common(notices, false)).append(',');
    Json.field(b, "externalURL", externalUrl).append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A Slack incoming-webhook body: one line per alert, summary or description when present. */
  public static byte[] slack(List<Notice> notices) {
    StringBuilder text = new StringBuilder();
    for (Notice n : notices) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(n.firing() ? "[FIRING] " : "[RESOLVED] ")
          .append(n.labels().getOrDefault("alertname", "alert"));
      Map<String, String> rest = new TreeMap<>(n.labels());
      rest.remove("alertname");
      if (!rest.isEmpty()) {
        text.append(' ').append(rest);
      }
      String summary =
          n.annotations().getOrDefault("summary", n.annotations().getOrDefault("description", ""));
      if (!summary.isEmpty()) {
        text.append(": ").append(summary);
      }
    }
    StringBuilder b = new StringBuilder("{");
    Json.field(b, "text", text.toString()).append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> common(List<Notice> notices, boolean labels) {
    Map<String, String> common = null;
    for (Notice n : notices) {
      Map<String, String> m = labels ? n.labels() : n.annotations();
      if (common == null) {
        common = new TreeMap<>(m);
      } else {
        common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
      }
    }
    return common == null ? new LinkedHashMap<>() : common;
  }

  /** 16 hex digits of a hash of the sorted labels, as Alertmanager shows fingerprints. */
  static String fingerprint(Map<String, String> labels) {
    long h = 0xcbf29ce484222325L; // FNV-1a 64
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      for (byte c :
          (e.getKey() + "\u00ff" + e.getValue() + "\u00ff").getBytes(StandardCharsets.UTF_8)) {
        h ^= c & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return String.format("%016x", h);
  }

  static String time(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }
}
