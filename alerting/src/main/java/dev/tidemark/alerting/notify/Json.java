package dev.tidemark.alerting.notify;

import java.util.Map;

/** The little JSON notification bodies need: strings escaped, objects of strings. */
final class Json {
  private Json() {}

  static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  static StringBuilder object(StringBuilder b, Map<String, String> m) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey()).append(':');
      string(b, e.getValue());
    }
    return b.append('}');
  }

  static StringBuilder field(StringBuilder b, String name, String value) {
    return string(string(b, name).append(':'), value);
  }
}
