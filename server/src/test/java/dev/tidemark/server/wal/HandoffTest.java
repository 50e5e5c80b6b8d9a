package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Labels;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
import org.junit.jupiter.api.Test;

class HandoffTest {
  private static SampleColumns columns(int n) {
    SampleColumns c = new SampleColumns(n);
    SeriesRef ref = new SeriesRef("m", Labels.of("a", "1"));
    for (int i = 0; i < n; i++) {
      c.add(ref, 1_000L + i, Double.doubleToRawLongBits(i));
    }
    return c;
  }

  @Test
  void givesEachIndexItsColumnsAndNothingForIndexesItWasNotGiven() {
    Handoff h = new Handoff();
    SampleColumns a = columns(3);
    SampleColumns b = columns(5);
    h.offer(10, a);
    h.offer(12, b); // 11 was another kind of entry
    assertThat(h.take(9)).isNull();
    assertThat(h.take(10)).isSameAs(a);
    assertThat(h.take(11)).isNull();
    assertThat(h.take(12)).isSameAs(b);
    assertThat(h.take(13)).isNull();
  }

  @Test
  void dropsWhatTheFeedSkippedPastAndRefusesPastItsBound() {
    Handoff h = new Handoff();
    h.offer(1, columns(10));
    h.offer(2, columns(10));
    SampleColumns third = columns(10);
    h.offer(3, third);
    assertThat(h.take(3)).isSameAs(third); // 1 and 2 were read from the queue (a restart)
    assertThat(h.take(1)).isNull();

    int each = (int) (Handoff.MAX_SAMPLES / 4);
    for (long i = 10; i < 14; i++) {
      h.offer(i, columns(each));
    }
    h.offer(14, columns(1)); // past the bound: the feed reads 14 from the queue
    assertThat(h.take(13)).isNotNull();
    assertThat(h.take(14)).isNull();
    SampleColumns later = columns(1);
    h.offer(15, later); // room again once taken
    assertThat(h.take(15)).isSameAs(later);
  }

  @Test
  void showsTheColumnsStillHeldOldestFirst() {
    Handoff h = new Handoff();
    SampleColumns a = columns(1);
    SampleColumns b = columns(2);
    SampleColumns c = columns(3);
    h.offer(1, a);
    h.offer(2, b);
    h.offer(3, c);
    assertThat(h.take(1)).isSameAs(a);
    java.util.List<SampleColumns> held = new java.util.ArrayList<>();
    h.forEachHeld(held::add);
    assertThat(held).containsExactly(b, c); // what the feed resolves ahead of entry 1
  }
}
