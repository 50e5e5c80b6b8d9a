package dev.tidemark.query.time.impl;

import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.ZoneId;

/** Epoch-aligned fixed-width buckets. */
public final class FixedBucketing implements Bucketing {

  private final Step.Fixed step;
  private final ZoneId zone;
  private final long width;

  public FixedBucketing(Step.Fixed step, ZoneId zone) {
    this.step = step;
    this.zone = zone;
    this.width = step.width().toMillis();
  }

  @Override
  public long startOf(long epochMillis) {
    return Math.floorDiv(epochMillis, width) * width;
  }

  @Override
  public long next(long bucketStart) {
    return bucketStart + width;
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
    return "step " + step;
  }
}
