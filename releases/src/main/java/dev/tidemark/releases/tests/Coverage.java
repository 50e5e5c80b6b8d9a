package dev.tidemark.releases.tests;

import dev.tidemark.releases.json.JsonObject;

/** Report-level JaCoCo counters, summed over the snapshot's reports. */
public record Coverage(
    long linesCovered, long linesMissed, long branchesCovered, long branchesMissed) {

  public Coverage plus(Coverage o) {
    return new Coverage(
        linesCovered + o.linesCovered,
        linesMissed + o.linesMissed,
        branchesCovered + o.branchesCovered,
        branchesMissed + o.branchesMissed);
  }

  public double linePct() {
    return pct(linesCovered, linesMissed);
  }

  public double branchPct() {
    return pct(branchesCovered, branchesMissed);
  }

  private static double pct(long covered, long missed) {
    return covered + missed == 0 ? 0 : Math.round(covered * 10000.0 / (covered + missed)) / 100.0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("line_pct", linePct())
        .put("branch_pct", branchPct())
        .put("lines_covered", linesCovered)
        .put("lines_missed", linesMissed)
        .put("branches_covered", branchesCovered)
        .put("branches_missed", branchesMissed);
  }

  public static Coverage fromJson(JsonObject j) {
    return new Coverage(
        j.getLong("lines_covered", 0L),
        j.getLong("lines_missed", 0L),
        j.getLong("branches_covered", 0L),
        j.getLong("branches_missed", 0L));
  }
}
