package dev.tidemark.releases.snapshot;

import dev.tidemark.releases.deps.Dependency;
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
 */
public record Snapshot(
    JsonObject environment,
    List<Dependency> dependencies,
    TestSummary tests,
    Coverage coverage,
    List<Vulnerability> vulnerabilities,
    JsonArray findings,
    JsonArray artifacts) {}
