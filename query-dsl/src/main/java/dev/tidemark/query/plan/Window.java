package dev.tidemark.query.plan;

import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.lang.ast.Clauses;
import dev.tidemark.query.lang.ast.TimePoint;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.DurationText;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The resolved time window of a query: the range as written ({@code rawFrom}, {@code rawTo}) and
 * widened outward to whole buckets ({@code from}, {@code to}).
 */
record Window(Instant rawFrom, Instant rawTo, Instant from, Instant to, Bucketing bucketing) {

  private static final List<Step> AUTO_STEPS =
      List.of(
          Step.fixed(Duration.ofSeconds(1)),
          Step.fixed(Duration.ofSeconds(5)),
          Step.fixed(Duration.ofSeconds(10)),
          Step.fixed(Duration.ofSeconds(30)),
          Step.fixed(Duration.ofMinutes(1)),
          Step.fixed(Duration.ofMinutes(5)),
          Step.fixed(Duration.ofMinutes(10)),
          Step.fixed(Duration.ofMinutes(30)),
          Step.fixed(Duration.ofHours(1)),
          Step.fixed(Duration.ofHours(3)),
          Step.fixed(Duration.ofHours(6)),
          Step.fixed(Duration.ofHours(12)),
          Step.day(),
          Step.week());

  static Window resolve(String source, Clauses c, QueryContext ctx) {
    ZoneId zone = Planner.zoneOf(c, ctx);
    Instant from;
    Instant to;
    int rangePos = c.range().map(r -> r.pos()).orElse(-1);
    if (c.range().isPresent()) {
      from = instant(c.range().get().from(), ctx.now(), zone);
      to = instant(c.range().get().to(), ctx.now(), zone);
    } else {
      to = ctx.defaultTo().orElse(ctx.now());
      from = ctx.defaultFrom().orElse(to.minus(Duration.ofHours(1)));
    }
    if (!from.isBefore(to)) {
      throw QueryException.plan(
          source, rangePos, "the range is empty or reversed [from=" + from + ", to=" + to + "]");
    }
    Optional<Step> written = c.step().flatMap(s -> s.step());
    Step step = written.orElseGet(() -> autoStep(from, to, ctx.limits().autoPoints()));
    Bucketing bucketing = Bucketing.of(step, zone);
    long start = bucketing.startOf(from.toEpochMilli());
    long lastStart = bucketing.startOf(to.toEpochMilli() - 1);
    long end = bucketing.next(lastStart);
    long buckets = countBuckets(bucketing, start, end, ctx.limits().maxBuckets() + 1L);
    if (buckets > ctx.limits().maxBuckets()) {
      int pos = c.step().map(s -> s.pos()).orElse(rangePos);
      throw QueryException.plan(
          source,
          pos,
          "too many buckets, use a larger step or a shorter range [buckets>"
              + ctx.limits().maxBuckets()
              + ", step="
              + step
              + ", range="
              + DurationText.format(Duration.between(from, to))
              + "]");
    }
    return new Window(from, to, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), bucketing);
  }

  private static long countBuckets(Bucketing b, long start, long end, long cap) {
    if (b.step() instanceof Step.Fixed) {
      long w = ((Step.Fixed) b.step()).width().toMillis();
      return (end - start) / w;
    }
    long n = 0;
    for (long t = start; t < end && n < cap; t = b.next(t)) {
      n++;
    }
    return n;
  }

  static Step autoStep(Instant from, Instant to, int points) {
    long span = Duration.between(from, to).toMillis();
    for (Step s : AUTO_STEPS) {
      if (span / s.nominal().toMillis() <= points) {
        return s;
      }
    }
    return Step.week();
  }

  static Instant instant(TimePoint p, Instant now, ZoneId zone) {
    if (p instanceof TimePoint.Now) {
      return now.plus(((TimePoint.Now) p).offset());
    }
    if (p instanceof TimePoint.Absolute) {
      return ((TimePoint.Absolute) p).instant();
    }
    TimePoint.Local local = (TimePoint.Local) p;
    if (local.dateOnly()) {
      return local.dateTime().toLocalDate().atStartOfDay(zone).toInstant();
    }
    return local.dateTime().atZone(zone).toInstant();
  }
}
