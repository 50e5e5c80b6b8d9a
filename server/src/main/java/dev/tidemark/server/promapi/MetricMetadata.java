package dev.tidemark.server.promapi;

/**
 * What Prometheus says of a metric family: its type ({@code counter}, {@code gauge}, {@code
 * histogram}, {@code gaugehistogram}, {@code summary}, {@code info}, {@code stateset} or {@code
 * unknown}), help text and unit, as remote_write carries it and {@code /api/v1/metadata} serves it.
 */
public record MetricMetadata(String metric, String type, String help, String unit) {}
