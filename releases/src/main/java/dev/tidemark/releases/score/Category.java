package dev.tidemark.releases.score;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One weighted part of a score: starts at its weight, loses deductions, never below zero. A
 * category whose evidence is missing earns nothing: no points were checked, so none are given.
 */
public final class Category {
  private final String name;
  private final double weight;
  private final List<Deduction> deductions = new ArrayList<>();
  private String missing;

  public Category(String name, double weight) {
    this.name = name;
    this.weight = weight;
  }

  public Category deduct(double points, String reason) {
    if (points > 0) {
      deductions.add(new Deduction(round(points), reason));
    }
    return this;
  }

  /** Marks the category as scored without its evidence ({@code why} says which): 0 points. */
  public Category missing(String why) {
    this.missing = why;
    return this;
  }

  public boolean isMissing() {
    return missing != null;
  }

  public String name() {
    return name;
  }

  public double points() {
    if (missing != null) {
      return 0;
    }
    return round(Math.max(0, weight - deductions.stream().mapToDouble(Deduction::points).sum()));
  }

  public JsonObject toJson() {
    JsonArray d = new JsonArray();
    deductions.forEach(
        x -> d.add(new JsonObject().put("points", x.points()).put("reason", x.reason())));
    if (missing != null) {
      d.getList().clear();
      d.add(new JsonObject().put("points", weight).put("reason", missing));
    }
    return new JsonObject()
        .put("category", name)
        .put("weight", weight)
        .put("points", points())
        .put("missing_evidence", missing != null)
        .put("deductions", d);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
