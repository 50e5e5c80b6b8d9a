package dev.tidemark.protocol;

/**
 * A sample that was not accepted: where it was ({@code section} "samples" or "histograms" and its
 * index there), why, and a message in the house shape {@code cannot <verb> <object>: <cause>}.
 */
public record Rejection(String section, int index, Reason reason, String message) {}
