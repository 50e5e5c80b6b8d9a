package dev.tidemark.bench.ingest;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The rows every ingest measurement writes: narrow samples over {@value #SERIES} series, one
 * millisecond apart, ending an hour ago (inside the ingest window), in batches.
 */
final class Workload {
  static final int SERIES = 1000;

  final List<Batch> batches = new ArrayList<>();
  final int rows;

  Workload(int rows, int batchSize, String agent) {
    this.rows = rows;
    Labels[] labels = new Labels[SERIES];
    for (int s = 0; s < SERIES; s++) {
      labels[s] = Labels.of("host", "h" + (s / 10), "op", "op" + (s % 10), "release", "v1");
    }
    long start = System.currentTimeMillis() - 3_600_000L - rows;
    Random random = new Random(1);
    List<Sample> current = new ArrayList<>(batchSize);
    for (int i = 0; i < rows; i++) {
      current.add(new Sample("bench_m", labels[i % SERIES], start + i, random.nextDouble() * 100));
      if (current.size() == batchSize || i == rows - 1) {
        batches.add(new Batch(agent, batches.size(), current, List.of()));
        current = new ArrayList<>(batchSize);
      }
    }
  }

  List<byte[]> encoded() {
    List<byte[]> out = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      out.add(BatchCodec.encode(b));
    }
    return out;
  }
}
