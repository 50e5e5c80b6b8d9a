package dev.tidemark.releases.report;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.Map;

/**
 * One release of a service as the trend, stability and drift reports see it.
 *
 * @param qualityScores the newest comparison with this release as candidate ({@code
 *     quality_scores}), or null when it was never compared
 * @param recommendation of that comparison, or null
 * @param runs its runs by {@code metric TAB operation} (pinned evidence)
 * @param drift its snapshot's dependency drift ({@code Drift.compute}), or null without a snapshot
 */
public record ReleaseHistory(
    String version,
    String createdAt,
    String baseline,
    JsonArray qualityScores,
    String recommendation,
    Map<String, double[]> runs,
    JsonObject drift) {}
