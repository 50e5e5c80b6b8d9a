package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactKind;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.artifact.SafeXml;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Licences where the files carry them: npm lock files (lockfileVersion 2 and 3 give each package's
 * {@code license}; older ones a {@code licenses} list) and Maven POMs ({@code
 * project/licenses/license/name}, the licence of the artifact the POM builds; several are a choice,
 * as Maven reads them). Other formats carry none and give an empty list.
 */
public final class LicenseReader {
  private LicenseReader() {}

  public static List<License> read(Artifact artifact, ArtifactKind kind) {
    return switch (kind) {
      case NPM_LOCK -> npm(artifact);
      case MAVEN_POM -> pom(artifact);
      default -> List.of();
    };
  }

  private static List<License> npm(Artifact artifact) {
    List<License> out = new ArrayList<>();
    if (!(JsonText.object(artifact).getValue("packages") instanceof JsonObject pkgs)) {
      return out;
    }
    for (String path : pkgs.fieldNames()) {
      int at = path.lastIndexOf("node_modules/");
      if (at < 0 || !(pkgs.getValue(path) instanceof JsonObject e)) {
        continue;
      }
      String license = e.getValue("license") instanceof String s ? s : null;
      if (license == null && e.getValue("licenses") instanceof JsonArray list) {
        List<String> types = new ArrayList<>();
        for (Object o : list) {
          if (o instanceof JsonObject l && l.getValue("type") instanceof String t) {
            types.add(t);
          } else if (o instanceof String t) {
            types.add(t);
          }
        }
        license = types.isEmpty() ? null : "(" + String.join(" OR ", types) + ")";
      }
      if (license != null && e.getValue("version") instanceof String v) {
        String name = path.substring(at + "node_modules/".length());
        out.add(new License("npm", name, v, license, artifact.name()));
      }
    }
    return out;
  }

  private static List<License> pom(Artifact artifact) {
    String[] coords = new String[4]; // groupId, artifactId, version, parent groupId
    List<String> names = new ArrayList<>();
    Deque<String> path = new ArrayDeque<>();
    StringBuilder text = new StringBuilder();
    SafeXml.parse(
        artifact,
        new DefaultHandler() {
          @Override
          public void startElement(String uri, String local, String qName, Attributes atts) {
            path.addLast(qName);
            text.setLength(0);
          }

          @Override
          public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
          }

          @Override
          public void endElement(String uri, String local, String qName) {
            String p = String.join("/", path);
            String v = text.toString().strip();
            switch (p) {
              case "project/groupId" -> coords[0] = v;
              case "project/artifactId" -> coords[1] = v;
              case "project/version" -> coords[2] = v;
              case "project/parent/groupId" -> coords[3] = v;
              case "project/licenses/license/name" -> names.add(v);
              default -> {}
            }
            path.removeLast();
            text.setLength(0);
          }
        });
    String group = coords[0] != null ? coords[0] : coords[3];
    if (names.isEmpty() || coords[1] == null) {
      return List.of();
    }
    String license = names.size() == 1 ? names.get(0) : "(" + String.join(" OR ", names) + ")";
    return List.of(
        new License(
            "maven",
            (group == null ? "" : group) + ":" + coords[1],
            coords[2] == null ? "" : coords[2],
            license,
            artifact.name()));
  }
}
