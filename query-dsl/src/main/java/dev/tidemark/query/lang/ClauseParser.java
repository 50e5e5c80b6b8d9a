package dev.tidemark.query.lang;

import dev.tidemark.query.lang.ast.Clauses;
import dev.tidemark.query.lang.ast.RangeClause;
import dev.tidemark.query.lang.ast.StepClause;
import dev.tidemark.query.lang.ast.TimePoint;
import dev.tidemark.query.lang.ast.ZoneClause;
import dev.tidemark.query.time.Step;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Reads the time clauses ({@code last/from … to …}, {@code step}, {@code zone}), each at most once.
 */
final class ClauseParser {

  private final TokenCursor c;
  private RangeClause range;
  private StepClause step;
  private ZoneClause zone;

  ClauseParser(TokenCursor c) {
    this.c = c;
  }

  boolean tryParse() {
    Token t = c.peek();
    if (t.isWord("last") || t.isWord("from")) {
      if (range != null) {
        throw c.error(t, "the time range is already given");
      }
      range = range();
      return true;
    }
    if (t.isWord("step")) {
      if (step != null) {
        throw c.error(t, "the step is already given");
      }
      step = step();
      return true;
    }
    if (t.isWord("zone")) {
      if (zone != null) {
        throw c.error(t, "the zone is already given");
      }
      zone = zone();
      return true;
    }
    return false;
  }

  Clauses build() {
    return new Clauses(
        Optional.ofNullable(range), Optional.ofNullable(step), Optional.ofNullable(zone));
  }

  RangeClause range() {
    Token kw = c.advance();
    if (kw.isWord("last")) {
      Duration d = c.positiveDuration();
      return new RangeClause(
          new TimePoint.Now(d.negated(), kw.start()),
          new TimePoint.Now(Duration.ZERO, kw.start()),
          kw.start());
    }
    TimePoint from = timePoint();
    TimePoint to = new TimePoint.Now(Duration.ZERO, kw.start());
    if (c.peek().isWord("to")) {
      c.advance();
      to = timePoint();
    }
    return new RangeClause(from, to, kw.start());
  }

  TimePoint timePoint() {
    Token t = c.peek();
    if (t.isWord("now")) {
      c.advance();
      if (c.peek().type() == TokenType.PLUS || c.peek().type() == TokenType.MINUS) {
        boolean minus = c.advance().type() == TokenType.MINUS;
        Duration d = c.positiveDuration();
        return new TimePoint.Now(minus ? d.negated() : d, t.start());
      }
      return new TimePoint.Now(Duration.ZERO, t.start());
    }
    if (t.type() == TokenType.STRING) {
      c.advance();
      return absolute(t);
    }
    throw c.error(
        t, "expected now, now-<duration> or an ISO-8601 time in quotes, found " + t.describe());
  }

  TimePoint absolute(Token t) {
    TimePoint p = parseAbsolute(t);
    if (!inRange(p)) {
      throw c.error(t, "time must lie between the years 1 and 9999");
    }
    return p;
  }

  private TimePoint parseAbsolute(Token t) {
    String text = t.text().trim();
    try {
      return new TimePoint.Absolute(OffsetDateTime.parse(text).toInstant(), t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Absolute(Instant.parse(text), t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Local(LocalDateTime.parse(text), false, t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Local(LocalDate.parse(text).atStartOfDay(), true, t.start());
    } catch (DateTimeException e) {
      throw c.error(
          t,
          "invalid time \""
              + text
              + "\" (use ISO-8601, e.g. 2026-03-29T02:30:00+02:00, 2026-03-29T00:00Z or"
              + " 2026-03-29)");
    }
  }

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static boolean inRange(TimePoint p) {
    if (p instanceof TimePoint.Absolute) {
      Instant i = ((TimePoint.Absolute) p).instant();
      return !i.isBefore(EARLIEST) && !i.isAfter(LATEST);
    }
    int year = ((TimePoint.Local) p).dateTime().getYear();
    return year >= 2 && year <= 9998;
  }

  StepClause step() {
    Token kw = c.advance();
    Token t = c.peek();
    if (t.isWord("auto")) {
      c.advance();
      return new StepClause(Optional.empty(), kw.start());
    }
    Duration d = c.positiveDuration();
    Step step;
    if (d.equals(Duration.ofDays(1)) && t.text().equals("1d")) {
      step = Step.day();
    } else if (d.equals(Duration.ofDays(7)) && t.text().equals("1w")) {
      step = Step.week();
    } else {
      step = Step.fixed(d);
    }
    return new StepClause(Optional.of(step), kw.start());
  }

  ZoneClause zone() {
    Token kw = c.advance();
    Token name = c.expect(TokenType.STRING, "a time zone in quotes, e.g. \"Europe/Berlin\"");
    try {
      return new ZoneClause(ZoneId.of(name.text()), kw.start());
    } catch (DateTimeException e) {
      throw c.error(name, "unknown time zone \"" + name.text() + "\"");
    }
  }
}
