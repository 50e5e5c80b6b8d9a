package dev.tidemark.protocol;

/** One value of one series at one instant (epoch milliseconds, UTC). */
public record Sample(String metric, Labels labels, long timestamp, double value) {}
