package dev.tidemark.query.eval;

import dev.tidemark.query.analysis.ReleaseTrend;
import dev.tidemark.query.plan.Planner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a trend runs over series that are one release each (grouped {@code by (release)}), the
 * change per release: releases ordered by their first bucket, each release's mean regressed on its
 * ordinal.
 */
final class ReleaseTrendFrame {

  private ReleaseTrendFrame() {}

  static Optional<Frame> of(List<Series> series) {
    if (series.size() < 3
        || !series.stream().allMatch(s -> s.labels().containsKey(Planner.RELEASE_LABEL))
        || series.stream().anyMatch(s -> s.size() == 0)) {
      return Optional.empty();
    }
    List<Series> ordered = new ArrayList<>(series);
    ordered.sort(Comparator.comparingLong((Series s) -> s.times()[0]));
    List<String> names = new ArrayList<>();
    double[] means = new double[ordered.size()];
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Series s = ordered.get(i);
      names.add(s.labels().get(Planner.RELEASE_LABEL));
      means[i] = Arrays.stream(s.values()).average().orElse(Double.NaN);
      rows.add(Arrays.asList(names.get(i), s.times()[0], means[i]));
    }
    ReleaseTrend t = ReleaseTrend.fit(names, means, 0.95);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("releases", names.size());
    meta.put("slopePerRelease", t.slopePerRelease());
    meta.put("slopePerReleaseLow", t.slopeLow());
    meta.put("slopePerReleaseHigh", t.slopeHigh());
    meta.put("pctPerRelease", t.pctPerRelease());
    meta.put("pValue", t.pValue());
    Map<String, String> labels = new LinkedHashMap<>(ordered.get(0).labels());
    labels.remove(Planner.RELEASE_LABEL);
    return Optional.of(
        new Frame(
            "trend per release(" + ordered.get(0).name() + ")",
            labels,
            List.of("release", "time", "mean"),
            rows,
            meta));
  }
}
