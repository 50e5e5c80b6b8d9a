package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromResult;
import io.vertx.core.json.Json;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders results the way Prometheus does: samples {@code [<unix seconds>, "<value>"]}, values as
 * shortest decimals ({@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}). Written straight into a
 * builder: a range query can hold 11,000 points per series.
 */
final class PromJson {

  private PromJson() {}

  static String result(PromResult r) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"resultType\":\"").append(r.resultType()).append("\",\"result\":");
    if (r instanceof PromResult.Scalar s) {
      sample(b, s.time(), value(s.value()));
    } else if (r instanceof PromResult.Str s) {
      b.append('[');
      time(b, s.time());
      b.append(',').append(Json.encode(s.value())).append(']');
    } else if (r instanceof PromResult.Vector v) {
      b.append('[');
      boolean first = true;
      for (PromResult.Sample s : v.samples()) {
        b.append(first ? "" : ",").append("{\"metric\":");
        labels(b, s.labels());
        b.append(",\"value\":");
        sample(b, v.time(), value(s.value()));
        b.append('}');
        first = false;
      }
      b.append(']');
    } else {
      matrix(b, (PromResult.Matrix) r);
    }
    return b.append('}').toString();
  }

  private static void matrix(StringBuilder b, PromResult.Matrix m) {
    b.append('[');
    boolean first = true;
    for (PromResult.Series s : m.series()) {
      b.append(first ? "" : ",").append("{\"metric\":");
      labels(b, s.labels());
      b.append(",\"values\":[");
      for (int i = 0; i < s.times().length; i++) {
        if (i > 0) {
          b.append(',');
        }
        sample(b, s.times()[i], value(s.values()[i]));
      }
      b.append("]}");
      first = false;
    }
    b.append(']');
  }

  static void labels(StringBuilder b, Map<String, String> labels) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      b.append(first ? "" : ",")
          .append(Json.encode(e.getKey()))
          .append(':')
          .append(Json.encode(e.getValue()));
      first = false;
    }
    b.append('}');
  }

  static String strings(Collection<String> values) {
    StringBuilder b = new StringBuilder("[");
    boolean first = true;
    for (String v : values) {
      b.append(first ? "" : ",").append(Json.encode(v));
      first = false;
    }
    return b.append(']').toString();
  }

  private static void sample(StringBuilder b, long timeMs, String value) {
    b.append('[');
    time(b, timeMs);
    b.append(",\"").append(value).append("\"]");
  }

  private static void time(StringBuilder b, long ms) {
    b.append(BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString());
  }

  static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
