package dev.tidemark.server.deploy;

import static dev.tidemark.server.deploy.RepoFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dashboard under grafana-dashboards/ loads and is wired to the provisioned datasource, and
 * its queries stay inside the PromQL subset Tidemark serves. (Running each query against a server
 * with data comes with the Prometheus HTTP API.)
 */
class GrafanaDashboardsTest {
  static final Set<String> FUNCTIONS =
      Set.of(
          "rate",
          "irate",
          "increase",
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "by",
          "without",
          "histogram_quantile",
          "avg_over_time",
          "min_over_time",
          "max_over_time",
          "sum_over_time",
          "count_over_time",
          "last_over_time");
  static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

  static Stream<Path> dashboards() throws IOException {
    return Files.list(RepoFiles.ROOT.resolve("grafana-dashboards/dashboards"))
        .filter(p -> p.toString().endsWith(".json"))
        .sorted()
        .toList()
        .stream();
  }

  static Set<String> datasourceUids() {
    Set<String> uids = new HashSet<>();
    for (Object ds :
        (List<?>)
            RepoFiles.yaml("grafana-dashboards/provisioning/datasources/tidemark.yaml")
                .get("datasources")) {
      uids.add(map(ds).get("uid").toString());
    }
    return uids;
  }

  @Test
  void theProvisioningLoadsTheDashboardsDirectory() throws IOException {
    assertThat(dashboards()).hasSizeGreaterThanOrEqualTo(4);
    Object provider =
        ((List<?>)
                RepoFiles.yaml("grafana-dashboards/provisioning/dashboards/tidemark.yaml")
                    .get("providers"))
            .get(0);
    assertThat(map(map(provider).get("options")).get("path")).isEqualTo("/etc/grafana/dashboards");
    assertThat(RepoFiles.read("docker-compose.yml"))
        .contains("./grafana-dashboards/dashboards:/etc/grafana/dashboards:ro");
  }

  @Test
  void uidsAreUnique() throws IOException {
    List<String> uids = new ArrayList<>();
    for (Path p : dashboards().toList()) {
      uids.add(new JsonObject(Files.readString(p)).getString("uid"));
    }
    assertThat(uids).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void dashboardIsWellFormed(Path file) throws IOException {
    JsonObject d = new JsonObject(Files.readString(file));
    assertThat(d.getString("uid")).isNotBlank().hasSizeLessThanOrEqualTo(40);
    assertThat(d.getString("title")).isNotBlank();
    assertThat(d.getInteger("schemaVersion")).isNotNull();
    JsonArray panels = d.getJsonArray("panels");
    assertThat(panels).isNotEmpty();
    Set<String> known = datasourceUids();
    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonObject panel : flatten(panels)) {
      assertThat(ids.add(panel.getInteger("id")))
          .as("panel id %s is unique", panel.getInteger("id"))
          .isTrue();
      assertThat(panel.getString("title")).isNotBlank();
      assertThat(panel.getJsonObject("gridPos")).isNotNull();
      String type = panel.getString("type");
      if (type.equals("row") || type.equals("text")) {
        continue;
      }
      JsonArray targets = panel.getJsonArray("targets");
      assertThat(targets).as("panel %s has targets", panel.getString("title")).isNotEmpty();
      for (int i = 0; i < targets.size(); i++) {
        JsonObject t = targets.getJsonObject(i);
        String expr = t.getString("expr");
        assertThat(expr).as("expr of %s", panel.getString("title")).isNotBlank();
        assertThat(t.getJsonObject("datasource").getString("uid")).isIn(known);
        assertThat(t.getString("refId")).isNotBlank();
        assertInSubset(expr);
        assertBalanced(expr);
        queries++;
      }
    }
    assertThat(queries).isPositive();
    JsonArray variables =
        d.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray());
    for (int i = 0; i < variables.size(); i++) {
      JsonObject v = variables.getJsonObject(i);
      if (v.getString("type").equals("query")) {
        assertThat(v.getJsonObject("datasource").getString("uid")).isIn(known);
        assertThat(v.getJsonObject("query").getString("query"))
            .matches("label_values\\((.+, )?[a-zA-Z_][a-zA-Z0-9_]*\\)");
      }
    }
  }

  /** Panels, including those inside collapsed rows. */
  static List<JsonObject> flatten(JsonArray panels) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) {
      JsonObject p = panels.getJsonObject(i);
      out.add(p);
      if (p.containsKey("panels")) {
        out.addAll(flatten(p.getJsonArray("panels")));
      }
    }
    return out;
  }

  static void assertInSubset(String expr) {
    Matcher m = CALL.matcher(expr);
    while (m.find()) {
      assertThat(m.group(1)).as("function in %s", expr).isIn(FUNCTIONS);
    }
  }

  static void assertBalanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
      assertThat(depth).as("brackets of %s", expr).isNotNegative();
    }
    assertThat(depth).as("brackets of %s", expr).isZero();
  }
}
