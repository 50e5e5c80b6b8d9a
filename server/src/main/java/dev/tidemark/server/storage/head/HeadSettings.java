package dev.tidemark.server.storage.head;

import java.time.Duration;

/**
 * How the head is configured: {@code storage.head.enabled}, {@code storage.head.window}, {@code
 * storage.head.max.samples}, and the future skew ingest accepts ({@code ingest.max.sample.future}),
 * which bounds the newest time a stored sample can have.
 */
public record HeadSettings(boolean enabled, Duration window, long maxSamples, Duration futureSkew) {
  public static HeadSettings off() {
    return new HeadSettings(false, Duration.ZERO, 0, Duration.ZERO);
  }
}
