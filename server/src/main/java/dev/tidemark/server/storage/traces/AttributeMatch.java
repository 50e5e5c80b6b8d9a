package dev.tidemark.server.storage.traces;

import dev.tidemark.traces.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An attribute condition given as text, as JSON objects to test containment with: the text as a
 * string always, and as a number or boolean when it reads as one, since a span may carry {@code
 * http.status_code} as 200 or as "200". Containment ({@code @>}) is what the GIN index answers.
 */
final class AttributeMatch {
  private AttributeMatch() {}

  static List<String> containments(String key, String text) {
    List<String> out = new ArrayList<>();
    out.add(JsonText.write(Map.of(key, text)));
    try {
      out.add(JsonText.write(Map.of(key, Long.parseLong(text))));
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(text);
        if (Double.isFinite(d)) {
          out.add(JsonText.write(Map.of(key, d)));
        }
      } catch (NumberFormatException e2) {
        // not a number
      }
    }
    if (text.equals("true") || text.equals("false")) {
      out.add(JsonText.write(Map.of(key, Boolean.parseBoolean(text))));
    }
    return out;
  }
}
