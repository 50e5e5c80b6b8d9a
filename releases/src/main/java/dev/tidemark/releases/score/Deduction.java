package dev.tidemark.releases.score;

/** Points taken off one category, and why, in words a release engineer reads. */
public record Deduction(double points, String reason) {}
