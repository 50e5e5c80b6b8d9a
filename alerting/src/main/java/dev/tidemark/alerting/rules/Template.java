package dev.tidemark.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A label or annotation value with Prometheus-style placeholders: {@code {{ $labels.name }}},
 * {@code {{ $value }}}, {@code {{ $externalLabels.name }}}, piped through {@code humanize}, {@code
 * humanizePercentage} or {@code printf "%.2f"} ({@code {{ $value | humanize }}} or {@code {{
 * humanize $value }}}). Anything else is rejected when the rule is read, with its position.
 */
public final class Template {
  private final String text;
  private final List<Part> parts;

  private Template(String text, List<Part> parts) {
    this.text = text;
    this.parts = parts;
  }

  /** A value without placeholders. */
  public static Template literal(String text) {
    return new Template(text, List.of(new Part.Text(text)));
  }

  /**
   * Parses; on a bad placeholder throws {@link IllegalArgumentException} whose message ends with
   * {@code [position=N]} (0-based, into {@code text}).
   */
  public static Template parse(String text) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        parts.add(new Part.Text(text.substring(i)));
        break;
      }
      if (open > i) {
        parts.add(new Part.Text(text.substring(i, open)));
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw bad("unclosed {{", open);
      }
      parts.add(TemplateAction.parse(text.substring(open + 2, close), open + 2));
      i = close + 2;
    }
    return new Template(text, List.copyOf(parts));
  }

  static IllegalArgumentException bad(String cause, int position) {
    return new IllegalArgumentException(cause + " [position=" + position + "]");
  }

  /** Fills in the placeholders. */
  public String expand(Map<String, String> labels, double value, Map<String, String> external) {
    if (parts.size() == 1 && parts.get(0) instanceof Part.Text t) {
      return t.text();
    }
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Part.Text t) {
        out.append(t.text());
      } else {
        out.append(((TemplateAction) p).render(labels, value, external));
      }
    }
    return out.toString();
  }

  /** The text as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  /** A piece of a template: literal text or a placeholder. */
  sealed interface Part permits Part.Text, TemplateAction {
    record Text(String text) implements Part {}
  }
}
