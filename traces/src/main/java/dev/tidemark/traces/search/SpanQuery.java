package dev.tidemark.traces.search;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which spans a trace search matches; a trace matches when one of its spans does. Null fields do
 * not narrow. Attribute conditions compare the attribute's text (a number or boolean attribute
 * matches its decimal or {@code true}/{@code false} text).
 */
public record SpanQuery(
    String service,
    String operation,
    String release,
    Instant from,
    Instant to,
    Long minDurationNanos,
    Long maxDurationNanos,
    Integer statusCode,
    Integer kind,
    Map<String, String> spanAttributes,
    Map<String, String> resourceAttributes,
    int limit) {

  public SpanQuery {
    spanAttributes = Map.copyOf(spanAttributes);
    resourceAttributes = Map.copyOf(resourceAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects conditions; the last one set for a field wins. */
  public static final class Builder {
    String service;
    String operation;
    String release;
    Instant from;
    Instant to;
    Long minDurationNanos;
    Long maxDurationNanos;
    Integer statusCode;
    Integer kind;
    final Map<String, String> spanAttributes = new LinkedHashMap<>();
    final Map<String, String> resourceAttributes = new LinkedHashMap<>();
    int limit = 20;

    public Builder service(String v) {
      service = v;
      return this;
    }

    public Builder operation(String v) {
      operation = v;
      return this;
    }

    public Builder release(String v) {
      release = v;
      return this;
    }

    public Builder from(Instant v) {
      from = v;
      return this;
    }

    public Builder to(Instant v) {
      to = v;
      return this;
    }

    public Builder minDurationNanos(Long v) {
      minDurationNanos = v;
      return this;
    }

    public Builder maxDurationNanos(Long v) {
      maxDurationNanos = v;
      return this;
    }

    public Builder statusCode(Integer v) {
      statusCode = v;
      return this;
    }

    public Builder kind(Integer v) {
      kind = v;
      return this;
    }

    public Builder spanAttribute(String k, String v) {
      spanAttributes.put(k, v);
      return this;
    }

    public Builder resourceAttribute(String k, String v) {
      resourceAttributes.put(k, v);
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public SpanQuery build() {
      return new SpanQuery(
          service,
          operation,
          release,
          from,
          to,
          minDurationNanos,
          maxDurationNanos,
          statusCode,
          kind,
          spanAttributes,
          resourceAttributes,
          limit);
    }
  }
}
