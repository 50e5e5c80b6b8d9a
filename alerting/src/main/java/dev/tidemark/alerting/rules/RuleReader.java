package dev.tidemark.alerting.rules;

import static dev.tidemark.alerting.rules.RuleFiles.at;
import static dev.tidemark.alerting.rules.RuleFiles.key;
import static dev.tidemark.alerting.rules.RuleFiles.scalar;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads and checks one rule mapping. */
final class RuleReader {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private RuleReader() {}

  static Rule read(String file, MappingNode r) {
    Map<String, Node> keys = new LinkedHashMap<>();
    for (NodeTuple t : r.getValue()) {
      String key = key(file, t);
      if (keys.put(key, t.getValueNode()) != null) {
        throw at(file, t.getKeyNode(), "key \"" + key + "\" appears more than once");
      }
      if (!switch (key) {
        case "record",
                "alert",
                "expr",
                "for",
                "keep_firing_for",
                "labels",
                "annotations",
                "language" ->
            true;
        default -> false;
      }) {
        throw at(
            file,
            t.getKeyNode(),
            "unknown key \""
                + key
                + "\" in a rule (record, alert, expr, for, keep_firing_for, labels, annotations,"
                + " language)");
      }
    }
    boolean record = keys.containsKey("record");
    if (record == keys.containsKey("alert")) {
      throw at(file, r, "a rule needs exactly one of record and alert");
    }
    String name = scalar(file, keys.get(record ? "record" : "alert"), record ? "record" : "alert");
    Node nameNode = keys.get(record ? "record" : "alert");
    if (record && !METRIC_NAME.matcher(name).matches()) {
      throw at(file, nameNode, "invalid recording rule name \"" + name + "\"");
    }
    if (!record && name.isBlank()) {
      throw at(file, nameNode, "an alert needs a name");
    }
    Node exprNode = keys.get("expr");
    if (exprNode == null) {
      throw at(file, r, "rule \"" + name + "\" has no expr");
    }
    Language language = Language.PROMQL;
    if (keys.containsKey("language")) {
      language = Language.named(scalar(file, keys.get("language"), "language"));
      if (language == null) {
        throw at(file, keys.get("language"), "language must be promql or dsl");
      }
    }
    Expression expr = expression(file, exprNode, language);
    Map<String, Template> labels = templates(file, keys.get("labels"), "labels", true);
    if (record) {
      for (String k : new String[] {"for", "keep_firing_for", "annotations"}) {
        if (keys.containsKey(k)) {
          throw at(file, keys.get(k), "a recording rule cannot have " + k);
        }
      }
      return new RecordingRule(name, expr, labels);
    }
    Duration hold =
        keys.containsKey("for") ? duration(file, keys.get("for"), "for") : Duration.ZERO;
    Duration keep =
        keys.containsKey("keep_firing_for")
            ? duration(file, keys.get("keep_firing_for"), "keep_firing_for")
            : Duration.ZERO;
    return new AlertingRule(
        name,
        expr,
        hold,
        keep,
        labels,
        templates(file, keys.get("annotations"), "annotations", false));
  }

  private static Expression expression(String file, Node n, Language language) {
    String text = scalar(file, n, "expr");
    if (text.isBlank()) {
      throw at(file, n, "expr is empty");
    }
    try {
      return Expressions.compile(language, text);
    } catch (Expressions.BadExpression e) {
      int[] lc = position(n, e.position());
      throw new RuleException(file, e.getMessage(), lc[0], lc[1]);
    }
  }

  /** Line and column (1-based) of a character of a scalar's value, where it can be known. */
  private static int[] position(Node n, int offset) {
    int line = n.getStartMark().getLine() + 1;
    int column = n.getStartMark().getColumn() + 1;
    if (offset < 0 || !(n instanceof ScalarNode s)) {
      return new int[] {line, column};
    }
    DumperOptions.ScalarStyle style = s.getScalarStyle();
    if (style == DumperOptions.ScalarStyle.PLAIN
        || style == DumperOptions.ScalarStyle.SINGLE_QUOTED
        || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
      if (s.getStartMark().getLine() == s.getEndMark().getLine()) {
        int quote = style == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
        return new int[] {line, column + quote + offset};
      }
      return new int[] {line, column};
    }
    // block scalar (| or >): the value starts on the next line; count lines within the value
    String value = s.getValue();
    String before = value.substring(0, Math.min(offset, value.length()));
    int lines = (int) before.chars().filter(c -> c == '\n').count();
    int lastNl = before.lastIndexOf('\n');
    return new int[] {line + 1 + lines, (offset - lastNl - 1) + 1 + indent(s)};
  }

  /** The indentation of a block scalar's first content line, read from the parser's buffer. */
  private static int indent(ScalarNode s) {
    int[] buf = s.getStartMark().getBuffer();
    if (buf == null) {
      return 0;
    }
    int i = s.getStartMark().getIndex();
    while (i < buf.length && buf[i] != '\n') {
      i++;
    }
    int spaces = 0;
    while (++i < buf.length && buf[i] == ' ') {
      spaces++;
    }
    return spaces;
  }

  static Duration duration(String file, Node n, String key) {
    String text = scalar(file, n, key);
    try {
      return PromDuration.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw at(file, n, key + " is " + e.getMessage());
    }
  }

  private static Map<String, Template> templates(
      String file, Node n, String what, boolean labelValues) {
    Map<String, Template> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!(n instanceof MappingNode m)) {
      throw at(file, n, what + " must be a mapping");
    }
    for (NodeTuple t : m.getValue()) {
      String name = key(file, t);
      if (!LABEL_NAME.matcher(name).matches() || (labelValues && name.equals("__name__"))) {
        throw at(file, t.getKeyNode(), "invalid " + what + " name \"" + name + "\"");
      }
      Node v = t.getValueNode();
      String text = scalar(file, v, what + "." + name);
      try {
        out.put(name, Template.parse(text));
      } catch (IllegalArgumentException e) {
        int[] lc = position(v, templatePosition(e.getMessage()));
        throw new RuleException(
            file,
            "cannot parse template of " + what + "." + name + ": " + e.getMessage(),
            lc[0],
            lc[1]);
      }
    }
    return out;
  }

  private static int templatePosition(String message) {
    int i = message.lastIndexOf("[position=");
    return i < 0 ? -1 : Integer.parseInt(message.substring(i + 10, message.length() - 1));
  }
}
