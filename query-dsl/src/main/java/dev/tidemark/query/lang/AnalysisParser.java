package dev.tidemark.query.lang;

import dev.tidemark.query.lang.ast.Analysis;
import java.time.Duration;
import java.util.Optional;

/** Reads one analysis stage after {@code |}. */
final class AnalysisParser {

  private AnalysisParser() {}

  static Analysis parse(TokenCursor c) {
    Token t = c.peek();
    if (t.isWord("trend")) {
      c.advance();
      int forecast = 0;
      if (c.peek().isWord("forecast")) {
        c.advance();
        forecast = c.integer(1, 10_000, "the number of periods to forecast");
      }
      return new Analysis.Trend(forecast, t.start());
    }
    if (t.isWord("anomalies")) {
      c.advance();
      Analysis.AnomalyMethod method = Analysis.AnomalyMethod.ZSCORE;
      if (c.peek().isWord("zscore") || c.peek().isWord("ewma")) {
        method =
            c.advance().isWord("ewma")
                ? Analysis.AnomalyMethod.EWMA
                : Analysis.AnomalyMethod.ZSCORE;
      }
      double threshold = Double.NaN;
      Optional<Duration> season = Optional.empty();
      while (true) {
        Token o = c.peek();
        if (o.isWord("threshold") && Double.isNaN(threshold)) {
          c.advance();
          Token n = c.expect(TokenType.NUMBER, "a threshold such as 3.5");
          threshold = c.number(n);
          if (!(threshold > 0)) {
            throw c.error(n, "threshold must be positive");
          }
        } else if (o.isWord("seasonal") && season.isEmpty()) {
          c.advance();
          season = Optional.of(c.positiveDuration());
        } else {
          break;
        }
      }
      return new Analysis.Anomalies(method, threshold, season, t.start());
    }
    if (t.isWord("changepoints")) {
      c.advance();
      double p = Double.NaN;
      double magnitude = Double.NaN;
      int minSegment = -1;
      while (true) {
        Token o = c.peek();
        if (o.isWord("pvalue") && Double.isNaN(p)) {
          c.advance();
          Token n = c.expect(TokenType.NUMBER, "a p-value threshold such as 0.001");
          p = c.number(n);
          if (!(p > 0 && p < 1)) {
            throw c.error(n, "pvalue must be between 0 and 1");
          }
        } else if (o.isWord("magnitude") && Double.isNaN(magnitude)) {
          c.advance();
          magnitude = c.percent();
        } else if (o.isWord("min_segment") && minSegment < 0) {
          c.advance();
          minSegment = c.integer(2, 100_000, "a minimum segment length");
        } else {
          break;
        }
      }
      return new Analysis.ChangePoints(
          Double.isNaN(p) ? 0.001 : p,
          Double.isNaN(magnitude) ? 0.0 : magnitude,
          minSegment < 0 ? 5 : minSegment,
          t.start());
    }
    throw c.error(t, "expected trend, anomalies or changepoints, found " + t.describe());
  }
}
