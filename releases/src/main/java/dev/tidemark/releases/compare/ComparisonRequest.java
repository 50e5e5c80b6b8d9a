package dev.tidemark.releases.compare;

import java.util.List;

/**
 * {@code POST /api/comparisons}: {@code {"service":…, "candidate":…, "baseline":…,
 * "critical_operations":[…], "threshold_pct":5, "alpha":0.05}}. A missing baseline is the
 * candidate's recorded baseline, else the service's previous release.
 */
public record ComparisonRequest(
    String service,
    String candidate,
    String baseline,
    List<String> criticalOperations,
    double thresholdPct,
    double alpha) {}
