package dev.tidemark.agent.spool;

/**
 * How the spool behaves: its cap on unshipped bytes and how often it starts a new file ({@code
 * minutely}, {@code ten_minutely}, {@code hourly}, {@code daily}).
 */
public record SpoolOptions(long maxBytes, String roll) {}
