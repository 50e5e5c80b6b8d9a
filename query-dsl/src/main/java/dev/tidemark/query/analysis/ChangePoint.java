package dev.tidemark.query.analysis;

/**
 * A level change: the series is different from {@code index} on.
 *
 * @param index first point of the new segment
 * @param before mean of the segment before (back to the previous change point)
 * @param after mean of the segment after (up to the next change point)
 * @param magnitudePct {@code (after − before) / |before| × 100}
 * @param pValue Welch t-test p-value between the two segments, Bonferroni-adjusted for the number
 *     of split positions searched
 */
public record ChangePoint(
    int index, long time, double before, double after, double magnitudePct, double pValue) {}
