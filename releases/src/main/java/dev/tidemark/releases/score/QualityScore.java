package dev.tidemark.releases.score;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;

/**
 * A profile's score of a comparison: total, grade, the breakdown of every deduction, and the
 * categories scored without evidence ({@code missing_evidence}; each earned 0 points).
 */
public final class QualityScore {
  private QualityScore() {}

  public static JsonObject of(ScoreProfile profile, ScoreInput input) {
    List<Category> categories = profile.evaluate(input);
    double total = Category.round(categories.stream().mapToDouble(Category::points).sum());
    JsonArray breakdown = new JsonArray();
    JsonArray missing = new JsonArray();
    for (Category c : categories) {
      breakdown.add(c.toJson());
      if (c.isMissing()) {
        missing.add(c.name());
      }
    }
    return new JsonObject()
        .put("profile", profile.name())
        .put("score", total)
        .put("grade", ScoreProfile.grade(total))
        .put("missing_evidence", missing)
        .put("breakdown", breakdown);
  }
}
