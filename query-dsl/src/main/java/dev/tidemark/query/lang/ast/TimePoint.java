package dev.tidemark.query.lang.ast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/** A point in time as written: relative to now, an instant with offset, or local wall time. */
public sealed interface TimePoint extends Node {

  /** {@code now}, {@code now-2h}, {@code now+1d}. */
  record Now(Duration offset, int pos) implements TimePoint {}

  /** An ISO-8601 date-time with offset or {@code Z}. */
  record Absolute(Instant instant, int pos) implements TimePoint {}

  /** An ISO-8601 local date or date-time, read in the query's zone. */
  record Local(LocalDateTime dateTime, boolean dateOnly, int pos) implements TimePoint {}
}
