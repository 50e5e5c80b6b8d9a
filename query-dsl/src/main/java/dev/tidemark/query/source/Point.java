package dev.tidemark.query.source;

/** One value at a time (epoch milliseconds, UTC); for buckets, the bucket's start. */
public record Point(long time, double value) {}
