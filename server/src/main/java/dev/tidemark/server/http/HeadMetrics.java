package dev.tidemark.server.http;

import dev.tidemark.server.storage.head.Head;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The in-memory head of recent samples in {@code /metrics}: its size and where reads went. */
public final class HeadMetrics {
  private HeadMetrics() {}

  /**
   * With the head feed's progress: {@code lagEntries}, write-ahead entries not in the head yet;
   * {@code handedEntries}, those it took as ingest appended them.
   */
  public static void register(
      ServerMetrics metrics,
      Supplier<Head> head,
      LongSupplier lagEntries,
      LongSupplier handedEntries) {
    metrics.gauge(
        "tidemark_head_lag_entries",
        "Write-ahead entries not yet in the head, so not yet answered from memory.",
        lagEntries::getAsLong);
    metrics.gauge(
        "tidemark_head_handed_entries",
        "Write-ahead entries the head took from ingest as appended rather than decoding them again.",
        handedEntries::getAsLong);
    metrics.gauge(
        "tidemark_head_series", "Series with samples in the head.", () -> head.get().seriesCount());
    metrics.gauge(
        "tidemark_head_samples", "Samples held in the head.", () -> head.get().sampleCount());
    metrics.gauge(
        "tidemark_head_bytes",
        "Bytes of the head's chunks and open tails (array payloads).",
        () -> head.get().bytes());
    metrics.gauge(
        "tidemark_head_start_timestamp_seconds",
        "The earliest time the head can answer for (reads also bound it by other servers' writes).",
        () -> {
          long start = head.get().start();
          return start == Long.MIN_VALUE || start == Long.MAX_VALUE ? 0 : start / 1000.0;
        });
    metrics.collector(
        sb -> {
          String name = "tidemark_head_reads_total";
          sb.append("# HELP ")
              .append(name)
              .append(" Raw reads answered from the head (source=head, in part or whole) and")
              .append(" reads or older parts of them that went to SQL (source=sql).\n")
              .append("# TYPE ")
              .append(name)
              .append(" counter\n")
              .append(name)
              .append("{source=\"head\"} ")
              .append(head.get().headReads())
              .append('\n')
              .append(name)
              .append("{source=\"sql\"} ")
              .append(head.get().sqlReads())
              .append('\n');
        });
  }
}
