package dev.tidemark.query.eval;

import java.util.Map;

/** An evaluated series: parallel arrays of bucket times (epoch ms, ascending) and values. */
record Series(String name, Map<String, String> labels, long[] times, double[] values) {

  int size() {
    return times.length;
  }
}
