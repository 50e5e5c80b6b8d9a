package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectionTest {

  @ParameterizedTest
  @CsvSource({
    "bench_latency_ms, LOWER_IS_BETTER",
    "http_latency, LOWER_IS_BETTER",
    "tcp_drops_total, LOWER_IS_BETTER",
    "stops, LOWER_IS_BETTER",
    "bench_ops, HIGHER_IS_BETTER",
    "http.rps, HIGHER_IS_BETTER",
    "throughput_mb, HIGHER_IS_BETTER",
    "requests_per_second, HIGHER_IS_BETTER",
    "cache_hits, HIGHER_IS_BETTER",
  })
  void guessesFromWordsOfTheName(String metric, Direction expected) {
    assertThat(Direction.guess(metric)).isEqualTo(expected);
  }
}
