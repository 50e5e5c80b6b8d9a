package dev.tidemark.alerting.rules;

import static dev.tidemark.alerting.rules.RuleFiles.at;
import static dev.tidemark.alerting.rules.RuleFiles.key;
import static dev.tidemark.alerting.rules.RuleFiles.scalar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one group mapping: {@code name}, {@code interval}, {@code limit}, {@code rules}. */
final class GroupReader {
  private GroupReader() {}

  static RuleGroup read(String file, String text, MappingNode g, Duration defaultInterval) {
    String name = null;
    Duration interval = defaultInterval;
    int limit = 0;
    SequenceNode rules = null;
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : g.getValue()) {
      String key = key(file, t);
      Node v = t.getValueNode();
      if (!seen.add(key)) {
        throw at(file, t.getKeyNode(), "key \"" + key + "\" appears more than once");
      }
      switch (key) {
        case "name" -> name = scalar(file, v, key);
        case "interval" -> {
          interval = RuleReader.duration(file, v, key);
          if (interval.isZero()) {
            throw at(file, v, "interval must be more than 0");
          }
        }
        case "limit" -> {
          try {
            limit = Integer.parseInt(scalar(file, v, key));
          } catch (NumberFormatException e) {
            throw at(file, v, "limit must be a whole number");
          }
          if (limit < 0) {
            throw at(file, v, "limit must not be negative");
          }
        }
        case "rules" -> {
          if (!(v instanceof SequenceNode s)) {
            throw at(file, v, "rules must be a list");
          }
          rules = s;
        }
        default ->
            throw at(
                file,
                t.getKeyNode(),
                "unknown key \"" + key + "\" in a group (name, interval, limit, rules)");
      }
    }
    if (name == null || name.isBlank()) {
      throw at(file, g, "a group needs a name");
    }
    List<Rule> out = new ArrayList<>();
    if (rules != null) {
      for (Node r : rules.getValue()) {
        out.add(RuleReader.read(file, RuleFiles.asMapping(file, r, "a rule")));
      }
    }
    String source =
        text.substring(
            g.getStartMark().getIndex(), Math.min(text.length(), g.getEndMark().getIndex()));
    return new RuleGroup(file, name, interval, limit, out, source);
  }
}
