package dev.tidemark.releases.score;

import java.util.List;
import java.util.Locale;

/** A way of scoring a release 0–100 from weighted categories. */
public interface ScoreProfile {
  String name();

  List<Category> evaluate(ScoreInput input);

  /** Both built-in profiles of DESIGN.md. */
  static List<ScoreProfile> builtIn() {
    return List.of(new ReleaseProfile(), new ServiceQualityProfile());
  }

  static String grade(double score) {
    return score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
