package dev.tidemark.query;

import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.eval.FrameJson;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders frames as the README shows them: a header line, an aligned table (times as ISO instants,
 * numbers to 6 significant digits), the meta line. Long tables keep their first 3 and last 3 rows;
 * anomaly tables show their flagged rows.
 */
final class FrameText {

  private FrameText() {}

  static String render(List<Frame> frames) {
    StringBuilder out = new StringBuilder();
    for (Frame f : frames) {
      out.append("frame ").append(f.name());
      if (!f.labels().isEmpty()) {
        out.append(' ').append(f.labels());
      }
      out.append('\n');
      List<List<Object>> rows = f.values();
      String note = null;
      int anomaly = f.columns().indexOf("anomaly");
      if (anomaly >= 0) {
        List<List<Object>> flagged = new ArrayList<>();
        for (List<Object> r : rows) {
          if (Boolean.TRUE.equals(r.get(anomaly))) {
            flagged.add(r);
          }
        }
        note = "(" + flagged.size() + " flagged rows of " + rows.size() + " shown)";
        rows = flagged;
      } else if (rows.size() > 8) {
        List<List<Object>> cut = new ArrayList<>(rows.subList(0, 3));
        cut.add(null);
        cut.addAll(rows.subList(rows.size() - 3, rows.size()));
        note = "(" + rows.size() + " rows)";
        rows = cut;
      }
      table(f.columns(), rows, out);
      if (note != null) {
        out.append(note).append('\n');
      }
      if (!f.meta().isEmpty()) {
        out.append("meta ");
        meta(f.meta(), out);
        out.append('\n');
      }
      out.append('\n');
    }
    if (frames.isEmpty()) {
      out.append("(no frames)\n");
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static void table(List<String> columns, List<List<Object>> rows, StringBuilder out) {
    int[] width = new int[columns.size()];
    List<List<String>> cells = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      width[c] = columns.get(c).length();
    }
    for (List<Object> r : rows) {
      if (r == null) {
        cells.add(null);
        continue;
      }
      List<String> line = new ArrayList<>();
      for (int c = 0; c < r.size(); c++) {
        String s = cell(columns.get(c), r.get(c));
        width[c] = Math.max(width[c], s.length());
        line.add(s);
      }
      cells.add(line);
    }
    line(columns, width, out);
    for (List<String> l : cells) {
      if (l == null) {
        out.append("…\n");
      } else {
        line(l, width, out);
      }
    }
  }

  private static void line(List<String> cells, int[] width, StringBuilder out) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      l.append(String.format("%-" + width[c] + "s", cells.get(c)));
      if (c < cells.size() - 1) {
        l.append("  ");
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }

  private static String cell(String column, Object v) {
    if (v == null) {
      return "-";
    }
    if (column.equals("time") && v instanceof Long) {
      return Instant.ofEpochMilli((Long) v).toString();
    }
    if (v instanceof Double) {
      return number((Double) v);
    }
    return String.valueOf(v);
  }

  static String number(double d) {
    if (!Double.isFinite(d)) {
      return String.valueOf(d);
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal b = new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros();
    return Math.abs(d) >= 1e-4 ? b.toPlainString() : String.format("%.5e", d);
  }

  private static void meta(Map<String, Object> meta, StringBuilder out) {
    StringBuilder s = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : meta.entrySet()) {
      if (!first) {
        s.append(", ");
      }
      first = false;
      s.append(e.getKey()).append('=');
      Object v = e.getValue();
      if (v instanceof Double) {
        s.append(number((Double) v));
      } else {
        StringBuilder j = new StringBuilder();
        FrameJson.value(v, j);
        s.append(v instanceof String ? (String) v : j.toString());
      }
    }
    out.append(s).append('}');
  }
}
