package dev.tidemark.protocol;

/**
 * Strings decoded recently, found again by their characters, so the metric names and label values
 * every batch repeats are not allocated again for every sample. One slot per hash; a newer string
 * takes the slot of an older one. Not thread-safe: one per decoding thread.
 */
final class StringCache {
  private static final int SLOTS = 1024;
  private static final int MAX_LENGTH = 64;

  private final String[] slots = new String[SLOTS];

  String get(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + chars[offset + i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String s = slots[slot];
    if (s == null || !matches(s, chars, offset, length)) {
      s = new String(chars, offset, length);
      slots[slot] = s;
    }
    return s;
  }

  private static boolean matches(String s, char[] chars, int offset, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
