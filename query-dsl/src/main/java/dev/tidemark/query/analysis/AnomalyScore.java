package dev.tidemark.query.analysis;

/**
 * The verdict on one point.
 *
 * @param expected the value the method expected (median, EWMA, or seasonal baseline); NaN if none
 * @param score how unusual the point is, in robust standard deviations; NaN when not scored
 * @param low lower end of the normal band
 * @param high upper end of the normal band
 * @param anomaly whether |score| exceeds the threshold
 */
public record AnomalyScore(
    long time,
    double value,
    double expected,
    double score,
    double low,
    double high,
    boolean anomaly) {}
