package dev.tidemark.traces.search;

import dev.tidemark.protocol.Span;
import java.util.List;

/**
 * A trace a search found: its root span's service and operation (the earliest span without a
 * parent, else the earliest span), its extent, its span and error counts, and the spans that
 * matched the search.
 */
public record TraceSummary(
    String traceId,
    String rootService,
    String rootOperation,
    String release,
    long startNanos,
    long durationNanos,
    int spanCount,
    int errorCount,
    List<Span> matched) {
  public TraceSummary {
    matched = List.copyOf(matched);
  }
}
