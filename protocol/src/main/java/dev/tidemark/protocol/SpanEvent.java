package dev.tidemark.protocol;

import java.util.Map;

/** Something that happened during a span (an exception, a retry), at epoch nanoseconds. */
public record SpanEvent(String name, long timeNanos, Map<String, Object> attributes) {
  public SpanEvent {
    attributes = Map.copyOf(attributes);
  }
}
