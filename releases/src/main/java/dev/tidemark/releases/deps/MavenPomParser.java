package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.SafeXml;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The direct dependencies of a {@code pom.xml} ({@code project/dependencies}), with {@code
 * ${property}} versions resolved from its {@code properties} and versions left out taken from its
 * {@code dependencyManagement}. Versions it cannot resolve are kept as written.
 */
public final class MavenPomParser {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private MavenPomParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    Handler h = new Handler(artifact);
    SafeXml.parse(artifact, h);
    if (!h.sawProject) {
      throw new dev.tidemark.releases.artifact.ArtifactException(
          artifact.name(), 1, "no <project> root element");
    }
    List<Dependency> out = new ArrayList<>();
    for (String[] d : h.deps) {
      String key = d[0] + ":" + d[1];
      String version = d[2] == null ? h.managed.get(key) : d[2];
      version = version == null ? "managed" : resolve(version, h.properties);
      out.add(
          new Dependency(
              "maven", key, version, null, d[3] == null ? "compile" : d[3], artifact.name()));
    }
    return out;
  }

  private static String resolve(String value, Map<String, String> props) {
    for (int depth = 0; depth < 5 && value.contains("${"); depth++) {
      Matcher m = PROPERTY.matcher(value);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v = props.get(m.group(1));
        m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
      }
      m.appendTail(sb);
      value = sb.toString();
    }
    return value;
  }

  private static final class Handler extends DefaultHandler {
    private final Artifact artifact;
    private final Deque<String> path = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final List<String[]> deps = new ArrayList<>();
    private final Map<String, String> managed = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>();
    private String[] current;
    private Locator locator;
    private boolean sawProject;

    Handler(Artifact artifact) {
      this.artifact = artifact;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      if (path.isEmpty()) {
        sawProject = qName.equals("project");
      }
      path.addLast(qName);
      text.setLength(0);
      if (qName.equals("dependency") && inDependencies()) {
        current = new String[4];
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      String value = text.toString().strip();
      String parent = path.size() >= 2 ? parentOf() : "";
      if (current != null && parent.equals("dependency")) {
        switch (qName) {
          case "groupId" -> current[0] = value;
          case "artifactId" -> current[1] = value;
          case "version" -> current[2] = value;
          case "scope" -> current[3] = value;
          default -> {}
        }
      } else if (parent.equals("properties") && path.size() == 3) {
        properties.put(qName, value);
      } else if (path.size() == 2 && qName.equals("version")) {
        properties.put("project.version", value);
      }
      if (qName.equals("dependency") && current != null) {
        if (current[0] == null || current[1] == null) {
          throw SafeXml.invalid(artifact, locator, "dependency without groupId or artifactId");
        }
        if (path.contains("dependencyManagement")) {
          managed.put(current[0] + ":" + current[1], current[2]);
        } else if (path.size() == 3) {
          deps.add(current);
        }
        current = null;
      }
      path.removeLast();
      text.setLength(0);
    }

    private boolean inDependencies() {
      return path.size() >= 2 && parentOf().equals("dependencies") && !path.contains("plugin");
    }

    private String parentOf() {
      String last = path.removeLast();
      String parent = path.peekLast();
      path.addLast(last);
      return parent;
    }
  }
}
