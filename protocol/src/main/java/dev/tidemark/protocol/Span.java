package dev.tidemark.protocol;

import java.util.List;
import java.util.Map;

/**
 * One span of a trace, validated and ready to store. Ids are lowercase hex (32 digits for the
 * trace, 16 for spans; {@code parentSpanId} null for a root span). Times are epoch nanoseconds.
 * {@code kind} and {@code statusCode} are OTLP's numbers (kind 1 internal … 5 consumer; status 0
 * unset, 1 ok, 2 error). Attribute values are String, Long, Double, Boolean, or their JSON text for
 * arrays and maps; {@code resource} holds the resource attributes the span was sent with.
 */
public record Span(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String operation,
    int kind,
    long startNanos,
    long durationNanos,
    int statusCode,
    String statusMessage,
    String release,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    List<SpanEvent> events) {

  public static final int STATUS_ERROR = 2;

  public Span {
    attributes = Map.copyOf(attributes);
    resource = Map.copyOf(resource);
    events = List.copyOf(events);
  }

  public boolean isError() {
    return statusCode == STATUS_ERROR;
  }

  public long startMillis() {
    return Math.floorDiv(startNanos, 1_000_000L);
  }
}
