package dev.tidemark.alerting.rules;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads Prometheus rule files ({@code groups: [{name, interval, limit, rules: […]}]}) and checks
 * them as Prometheus does: unknown keys, duplicate groups, bad names, expressions that do not
 * parse, templates that do not parse; each error names its line and column. One extension: a rule
 * may say {@code language: dsl} to write its {@code expr} in the Tidemark DSL (PromQL otherwise).
 */
public final class RuleFiles {
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private RuleFiles() {}

  /** Every group of a rule file. */
  public static List<RuleGroup> parse(String file, String text, Duration defaultInterval) {
    MappingNode root = asMapping(file, compose(file, text), "the file");
    List<RuleGroup> groups = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Node list = null;
    for (NodeTuple t : root.getValue()) {
      String key = key(file, t);
      if (!key.equals("groups")) {
        throw at(file, t.getKeyNode(), "unknown key \"" + key + "\" (a rule file has groups)");
      }
      list = t.getValueNode();
    }
    if (list == null) {
      throw at(file, root, "missing key \"groups\"");
    }
    if (!(list instanceof SequenceNode seq)) {
      throw at(file, list, "groups must be a list");
    }
    for (Node g : seq.getValue()) {
      RuleGroup group =
          GroupReader.read(file, text, asMapping(file, g, "a group"), defaultInterval);
      if (!names.add(group.name())) {
        throw at(file, g, "group \"" + group.name() + "\" is defined more than once");
      }
      groups.add(group);
    }
    return groups;
  }

  /**
   * One group, written either as a group ({@code name: …, rules: […]}) or as a rule file holding
   * exactly one group; used by the REST API.
   */
  public static RuleGroup parseGroup(String file, String text, Duration defaultInterval) {
    MappingNode root = asMapping(file, compose(file, text), "the group");
    for (NodeTuple t : root.getValue()) {
      if (key(file, t).equals("groups")) {
        List<RuleGroup> all = parse(file, text, defaultInterval);
        if (all.size() != 1) {
          throw at(file, root, "expected exactly one group, found " + all.size());
        }
        return all.get(0);
      }
    }
    return GroupReader.read(file, text, root, defaultInterval);
  }

  private static Node compose(String file, String text) {
    if (text.length() > MAX_BYTES) {
      throw new RuleException(file, "file is larger than " + MAX_BYTES + " bytes", 0, 0);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(MAX_BYTES);
    try {
      Node node = new Yaml(options).compose(new StringReader(text));
      if (node == null) {
        throw new RuleException(file, "the file is empty", 1, 1);
      }
      return node;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new RuleException(
          file,
          "not YAML: " + problem.trim(),
          m == null ? 0 : m.getLine() + 1,
          m == null ? 0 : m.getColumn() + 1);
    } catch (YAMLException e) {
      throw new RuleException(file, "not YAML: " + e.getMessage(), 0, 0);
    }
  }

  static MappingNode asMapping(String file, Node n, String what) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw at(file, n, what + " must be a mapping");
  }

  static String key(String file, NodeTuple t) {
    if (t.getKeyNode() instanceof ScalarNode s) {
      return s.getValue();
    }
    throw at(file, t.getKeyNode(), "keys must be plain strings");
  }

  static String scalar(String file, Node n, String key) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    throw at(file, n, key + " must be a string");
  }

  static RuleException at(String file, Node n, String cause) {
    Mark m = n.getStartMark();
    return new RuleException(file, cause, m.getLine() + 1, m.getColumn() + 1);
  }
}
