package dev.tidemark.server.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The head's series table finds what it holds through growth, removal and concurrent adds. */
class SeriesTableTest {
  @Test
  void findsEverySeriesThroughGrowthAndRemoval() {
    SeriesTable table = new SeriesTable();
    for (long id = 1; id <= 5_000; id++) {
      SeriesSamples s = table.getOrAdd(id * 7_919, SeriesSamples::new); // sparse ids collide
      assertThat(s.id).isEqualTo(id * 7_919);
      assertThat(table.getOrAdd(id * 7_919, SeriesSamples::new)).isSameAs(s);
    }
    assertThat(table.size()).isEqualTo(5_000);
    assertThat(table.get(3)).isNull();
    for (long id = 1; id <= 5_000; id++) {
      assertThat(table.get(id * 7_919).id).isEqualTo(id * 7_919);
    }

    table.removeIf(s -> s.id % 2 == 0);
    assertThat(table.size()).isEqualTo(2_500);
    assertThat(table.values()).hasSize(2_500).allMatch(s -> s.id % 2 != 0);
    for (long id = 1; id <= 5_000; id++) {
      SeriesSamples s = table.get(id * 7_919);
      assertThat(s == null).isEqualTo(id * 7_919 % 2 == 0);
    }
    table.removeIf(s -> true);
    assertThat(table.size()).isZero();
    assertThat(table.get(7_919)).isNull();
  }

  @Test
  void twoWritersAndAReaderAgreeOnOneSeriesPerId() throws Exception {
    SeriesTable table = new SeriesTable();
    int ids = 50_000;
    SeriesSamples[][] seen = new SeriesSamples[2][ids];
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> wrong = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                for (long id = 0; id < ids; id += 97) {
                  SeriesSamples s = table.get(id);
                  if (s != null && s.id != id) {
                    wrong.set("id " + id + " found series " + s.id);
                  }
                }
              }
            });
    reader.start();
    Thread[] writers = new Thread[2];
    for (int w = 0; w < 2; w++) {
      int me = w;
      writers[w] =
          new Thread(
              () -> {
                for (int id = 0; id < ids; id++) {
                  seen[me][id] = table.getOrAdd(id, SeriesSamples::new);
                }
              });
      writers[w].start();
    }
    for (Thread t : writers) {
      t.join();
    }
    done.set(true);
    reader.join();
    assertThat(wrong.get()).isNull();
    assertThat(table.size()).isEqualTo(ids);
    for (int id = 0; id < ids; id++) {
      assertThat(seen[0][id]).isSameAs(seen[1][id]).isSameAs(table.get(id));
    }
  }
}
