package dev.tidemark.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lookups by byte range find what was kept, through growth, and memory starts afresh when full. */
class BytesCacheTest {
  @Test
  void keepsGrowsAndEmptiesPastItsBound() {
    BytesCache<String> cache = new BytesCache<>(5_000);
    byte[] body = new byte[16];
    for (int i = 0; i < 4_000; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      System.arraycopy(key, 0, body, 3, key.length); // found by a range inside a larger buffer
      int h = BytesCache.hash(body, 3, 3 + key.length);
      assertThat(cache.get(body, 3, 3 + key.length, h)).isNull();
      assertThat(cache.put(body, 3, 3 + key.length, h, "v" + i)).isEqualTo("v" + i);
    }
    for (int i = 0; i < 4_000; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(cache.get(key, 0, key.length, BytesCache.hash(key, 0, key.length)))
          .isEqualTo("v" + i);
    }
    byte[] k = "key-1".getBytes(StandardCharsets.UTF_8);
    int h = BytesCache.hash(k, 0, k.length);
    assertThat(cache.put(k, 0, k.length, h, "other")).isEqualTo("v1"); // the first one stays
    for (int i = 4_000; i < 9_000; i++) { // past the bound: emptied once, then kept again
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      cache.put(key, 0, key.length, BytesCache.hash(key, 0, key.length), "v" + i);
    }
    assertThat(cache.get(k, 0, k.length, h)).isNull();
    byte[] last = "key-8999".getBytes(StandardCharsets.UTF_8);
    assertThat(cache.get(last, 0, last.length, BytesCache.hash(last, 0, last.length)))
        .isEqualTo("v8999");
  }

  @Test
  void readersSeeEveryEntryWholeWhileLongKeysGrowTheTable() throws Exception {
    BytesCache<Integer> cache = new BytesCache<>(100_000);
    int keys = 3_000;
    java.util.concurrent.atomic.AtomicReference<String> wrong =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                for (int i = 0; i < keys; i += 7) {
                  byte[] key = longKey(i);
                  Integer v = cache.get(key, 0, key.length, BytesCache.hash(key, 0, key.length));
                  if (v != null && v != i) {
                    wrong.set("key " + i + " found value " + v);
                  }
                }
              }
            });
    reader.start();
    for (int i = 0; i < keys; i++) { // 3,000 keys of ~300 bytes: the key bytes grow many times
      byte[] key = longKey(i);
      cache.put(key, 0, key.length, BytesCache.hash(key, 0, key.length), i);
    }
    done.set(true);
    reader.join();
    assertThat(wrong.get()).isNull();
    for (int i = 0; i < keys; i++) {
      byte[] key = longKey(i);
      assertThat(cache.get(key, 0, key.length, BytesCache.hash(key, 0, key.length))).isEqualTo(i);
    }
  }

  private static byte[] longKey(int i) {
    return ("k" + i + "-".repeat(200 + i % 200)).getBytes(StandardCharsets.UTF_8);
  }
}
