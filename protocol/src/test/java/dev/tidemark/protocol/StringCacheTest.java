package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringCacheTest {
  static String get(StringCache cache, String s) {
    char[] padded = ("<<" + s + ">>").toCharArray();
    return cache.get(padded, 2, s.length());
  }

  @Test
  void theSameCharactersGiveTheSameString() {
    StringCache cache = new StringCache();
    String first = get(cache, "release-v1.3.0");
    assertThat(first).isEqualTo("release-v1.3.0");
    assertThat(get(cache, "release-v1.3.0")).isSameAs(first);
  }

  @Test
  void everyLookupGivesItsOwnCharactersWhateverTheSlotHeld() {
    StringCache cache = new StringCache();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5_000; i++) {
        assertThat(get(cache, "h" + i)).isEqualTo("h" + i);
      }
    }
    assertThat(get(cache, "")).isEmpty();
    String longer = "x".repeat(200);
    assertThat(get(cache, longer)).isEqualTo(longer);
  }
}
