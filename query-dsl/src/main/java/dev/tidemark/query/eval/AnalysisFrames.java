package dev.tidemark.query.eval;

import dev.tidemark.query.analysis.Anomalies;
import dev.tidemark.query.analysis.AnomalyScore;
import dev.tidemark.query.analysis.ChangePoint;
import dev.tidemark.query.analysis.ChangePoints;
import dev.tidemark.query.analysis.TrendFit;
import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.time.Bucketing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one analysis stage over one series and shapes the answer as a frame. */
final class AnalysisFrames {

  private AnalysisFrames() {}

  static Frame trend(Series s, Analysis.Trend a, Bucketing bucketing) {
    long[] future = new long[a.forecast()];
    long t = s.size() > 0 ? s.times()[s.size() - 1] : 0;
    for (int k = 0; k < future.length; k++) {
      t = bucketing.next(t);
      future[k] = t;
    }
    String name = "trend(" + s.name() + ")";
    List<String> columns = List.of("time", "value", "trend", "low", "high");
    if (s.size() < 3) {
      return new Frame(
          name, s.labels(), columns, List.of(), Map.of("error", "needs at least three points"));
    }
    TrendFit fit = TrendFit.fit(s.times(), s.values(), 0.95, future);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      rows.add(
          Arrays.asList(
              s.times()[i], s.values()[i], fit.valueAt(s.times()[0], s.times()[i]), null, null));
    }
    for (TrendFit.Forecast f : fit.forecast()) {
      rows.add(Arrays.asList(f.time(), null, f.value(), f.low(), f.high()));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("points", fit.n());
    meta.put("slopePerDay", fit.slopePerDay());
    meta.put("slopePerDayLow", fit.slopeLow());
    meta.put("slopePerDayHigh", fit.slopeHigh());
    meta.put("pctPerDay", fit.pctPerDay());
    meta.put("pValue", fit.pValue());
    meta.put("r2", fit.r2());
    meta.put("forecastPeriods", a.forecast());
    return new Frame(name, s.labels(), columns, rows, meta);
  }

  static Frame anomalies(Series s, Analysis.Anomalies a) {
    List<AnomalyScore> scores;
    double threshold;
    String method;
    if (a.season().isPresent()) {
      threshold = Double.isNaN(a.threshold()) ? Anomalies.DEFAULT_ZSCORE_THRESHOLD : a.threshold();
      scores = Anomalies.seasonal(s.times(), s.values(), a.season().get().toMillis(), threshold);
      method = "seasonal";
    } else if (a.method() == Analysis.AnomalyMethod.EWMA) {
      threshold = Double.isNaN(a.threshold()) ? Anomalies.DEFAULT_EWMA_WIDTH : a.threshold();
      scores = Anomalies.ewma(s.times(), s.values(), Anomalies.DEFAULT_LAMBDA, threshold);
      method = "ewma";
    } else {
      threshold = Double.isNaN(a.threshold()) ? Anomalies.DEFAULT_ZSCORE_THRESHOLD : a.threshold();
      scores = Anomalies.robustZ(s.times(), s.values(), threshold);
      method = "zscore";
    }
    List<List<Object>> rows = new ArrayList<>();
    int flagged = 0;
    for (AnomalyScore sc : scores) {
      rows.add(
          Arrays.asList(
              sc.time(), sc.value(), sc.expected(), sc.score(), sc.low(), sc.high(), sc.anomaly()));
      flagged += sc.anomaly() ? 1 : 0;
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("method", method);
    meta.put("threshold", threshold);
    meta.put("anomalies", flagged);
    return new Frame(
        "anomalies(" + s.name() + ")",
        s.labels(),
        List.of("time", "value", "expected", "score", "low", "high", "anomaly"),
        rows,
        meta);
  }

  static Frame changePoints(Series s, Analysis.ChangePoints a) {
    ChangePoints.Options o = new ChangePoints.Options(a.pValue(), a.minMagnitude(), a.minSegment());
    List<ChangePoint> cps = ChangePoints.detect(s.times(), s.values(), o);
    List<List<Object>> rows = new ArrayList<>();
    for (ChangePoint c : cps) {
      rows.add(
          Arrays.asList(c.time(), c.index(), c.before(), c.after(), c.magnitudePct(), c.pValue()));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("points", s.size());
    meta.put("maxPValue", a.pValue());
    meta.put("minMagnitudePct", a.minMagnitude() * 100);
    meta.put("minSegment", a.minSegment());
    return new Frame(
        "changepoints(" + s.name() + ")",
        s.labels(),
        List.of("time", "index", "before", "after", "magnitude_pct", "p_value"),
        rows,
        meta);
  }
}
