package dev.tidemark.query.eval;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for frames (no Jackson needed). Non-finite doubles become null; doubles with
 * an integral value below 2^53 are written without a fraction.
 */
public final class FrameJson {

  private FrameJson() {}

  /** {@code {"frames":[…]}}. */
  public static String write(List<Frame> frames) {
    StringBuilder out = new StringBuilder("{\"frames\":[");
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(frames.get(i), out);
    }
    return out.append("]}").toString();
  }

  static void write(Frame f, StringBuilder out) {
    out.append("{\"name\":");
    value(f.name(), out);
    out.append(",\"labels\":");
    value(f.labels(), out);
    out.append(",\"columns\":");
    value(f.columns(), out);
    out.append(",\"values\":");
    value(f.values(), out);
    if (!f.meta().isEmpty()) {
      out.append(",\"meta\":");
      value(f.meta(), out);
    }
    out.append('}');
  }

  /** Writes any supported value. */
  public static void value(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String) {
      string((String) v, out);
    } else if (v instanceof Double || v instanceof Float) {
      number(((Number) v).doubleValue(), out);
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        value(e.getValue(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (v instanceof SeriesRows) {
      ((SeriesRows) v).writeJson(out);
    } else if (v instanceof Iterable) {
      out.append('[');
      boolean first = true;
      for (Object o : (Iterable<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(o, out);
      }
      out.append(']');
    } else if (v instanceof Enum) {
      string(((Enum<?>) v).name(), out);
    } else {
      string(v.toString(), out);
    }
  }

  static void number(double d, StringBuilder out) {
    if (!Double.isFinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
