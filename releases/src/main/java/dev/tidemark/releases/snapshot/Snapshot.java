package dev.tidemark.releases.snapshot;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.License;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.Vulnerability;
import dev.tidemark.releases.tests.Coverage;
import dev.tidemark.releases.tests.TestSummary;
import java.util.List;

/**
 * What a snapshot request carries once every file is parsed; stored in one transaction.
 *
 * @param environment the agent's fingerprint (OSHI: cpu, memory, os, jvm …), or null
 * @param tests null without JUnit reports
 * @param coverage null without JaCoCo reports
 * @param findings problems found in the files themselves, e.g. a missing lock file
 * @param artifacts {@code [{"name":…,"kind":…}]}
 * @param licenses licences the files declare (npm lock entries, POMs)
 */
public record Snapshot(
    JsonObject environment,
    List<Dependency> dependencies,
    TestSummary tests,
    Coverage coverage,
    List<Vulnerability> vulnerabilities,
    JsonArray findings,
    JsonArray artifacts,
    List<License> licenses) {

  /** Licences as stored: {@code [{"ecosystem","name","version","license","source"}]}. */
  public JsonArray licensesJson() {
    JsonArray out = new JsonArray();
    for (License l : licenses) {
      out.add(
          new JsonObject()
              .put("ecosystem", l.ecosystem())
              .put("name", l.name())
              .put("version", l.version())
              .put("license", l.license())
              .put("source", l.source()));
    }
    return out;
  }

  /** The inverse of {@link #licensesJson()}. */
  public static List<License> licenses(JsonArray json) {
    List<License> out = new java.util.ArrayList<>();
    for (Object o : json) {
      JsonObject l = (JsonObject) o;
      out.add(
          new License(
              l.getString("ecosystem"),
              l.getString("name"),
              l.getString("version"),
              l.getString("license"),
              l.getString("source")));
    }
    return out;
  }
}
