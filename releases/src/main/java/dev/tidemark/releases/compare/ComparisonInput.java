package dev.tidemark.releases.compare;

import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.util.List;
import java.util.Map;

/**
 * Everything a comparison is computed from, gathered by whoever stores releases.
 *
 * @param baselineSnapshot null when the baseline has no snapshot
 * @param candidateSnapshot null when the candidate has no snapshot
 * @param baselineRuns {@code metric TAB operation} → runs in time order (counters already rates)
 * @param versionsSeen dependency key → every version any release of the service used
 */
public record ComparisonInput(
    String service,
    String baseline,
    String candidate,
    StoredSnapshot baselineSnapshot,
    StoredSnapshot candidateSnapshot,
    Map<String, double[]> baselineRuns,
    Map<String, double[]> candidateRuns,
    Map<String, List<String>> versionsSeen,
    CriticalOperations critical,
    double thresholdPct,
    double alpha) {}
