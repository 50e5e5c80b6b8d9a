package dev.tidemark.server.ingest.influx;

import java.util.BitSet;

/**
 * Which lines of a line-protocol body are not strict UTF-8. A lenient decode would turn invalid
 * bytes into U+FFFD and store something the client never sent; instead such a line is rejected on
 * its own and the others are kept. The parser reads the body's bytes directly, so this only checks:
 * overlong forms, surrogates and code points past U+10FFFF are invalid, as in Java's strict
 * decoder.
 */
final class Utf8Lines {
  private Utf8Lines() {}

  /** The numbers (from 1) of the lines holding invalid UTF-8; lines end at {@code \n}. */
  static BitSet invalidLines(byte[] body) {
    BitSet invalid = new BitSet();
    if (valid(body, 0, body.length)) {
      return invalid;
    }
    int number = 0;
    for (int start = 0; start <= body.length; ) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      number++;
      if (!valid(body, start, end)) {
        invalid.set(number);
      }
      start = end + 1;
    }
    return invalid;
  }

  static boolean valid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
      } else {
        return false;
      }
      if (to - i <= n) {
        return false;
      }
      int cp = c & (0x3F >> n);
      for (int k = 1; k <= n; k++) {
        int d = b[i + k] & 0xFF;
        if ((d & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
      if (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) {
        return false;
      }
      if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) {
        return false;
      }
      i += n + 1;
    }
    return true;
  }
}
