package dev.tidemark.releases.score;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;

/** A profile's score of a comparison: total, grade and the breakdown of every deduction. */
public final class QualityScore {
  private QualityScore() {}

  public static JsonObject of(ScoreProfile profile, ScoreInput input) {
    List<Category> categories = profile.evaluate(input);
    double total = Category.round(categories.stream().mapToDouble(Category::points).sum());
    JsonArray breakdown = new JsonArray();
    categories.forEach(c -> breakdown.add(c.toJson()));
    return new JsonObject()
        .put("profile", profile.name())
        .put("score", total)
        .put("grade", ScoreProfile.grade(total))
        .put("breakdown", breakdown);
  }
}
