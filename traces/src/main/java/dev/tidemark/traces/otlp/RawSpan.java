package dev.tidemark.traces.otlp;

import java.util.List;
import java.util.Map;

/**
 * A span as OTLP sent it, before any rule is checked: ids as bytes (null when absent), times in
 * epoch nanoseconds, attribute values as plain Java values (nested arrays and maps as lists and
 * maps). {@code problem} is set when the decoder already found it unusable (e.g. an id that is not
 * hex in OTLP/JSON) without the whole request being unreadable.
 */
public record RawSpan(
    Map<String, Object> resource,
    byte[] traceId,
    byte[] spanId,
    byte[] parentSpanId,
    String name,
    int kind,
    long startNanos,
    long endNanos,
    Map<String, Object> attributes,
    List<RawEvent> events,
    int statusCode,
    String statusMessage,
    String problem) {

  /** An event of a span, as sent. */
  public record RawEvent(String name, long timeNanos, Map<String, Object> attributes) {}
}
