package dev.tidemark.query.time.impl;

import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** Local-midnight day and ISO-week buckets in a time zone (java.time handles DST and leap days). */
public final class CalendarBucketing implements Bucketing {

  private final Step.Calendar step;
  private final ZoneId zone;

  public CalendarBucketing(Step.Calendar step, ZoneId zone) {
    this.step = step;
    this.zone = zone;
  }

  @Override
  public long startOf(long epochMillis) {
    LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
    if (step.unit() == Step.CalendarUnit.WEEK) {
      date = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
    return date.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  @Override
  public long next(long bucketStart) {
    LocalDate date = Instant.ofEpochMilli(bucketStart).atZone(zone).toLocalDate();
    LocalDate next = step.unit() == Step.CalendarUnit.WEEK ? date.plusWeeks(1) : date.plusDays(1);
    return next.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  @Override
  public Step step() {
    return step;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return "step " + step + " zone " + zone;
  }
}
