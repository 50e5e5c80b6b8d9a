package dev.tidemark.server.ingest.influx;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * A line-protocol body as text, strictly UTF-8. A lenient decode would turn invalid bytes into
 * U+FFFD and store something the client never sent; instead a line that is not valid UTF-8 is
 * replaced by a placeholder and its number reported, so the parser rejects that line alone and
 * keeps the others.
 */
record Utf8Lines(String text, BitSet invalid) {

  static Utf8Lines decode(byte[] body) {
    try {
      return new Utf8Lines(strict().decode(ByteBuffer.wrap(body)).toString(), new BitSet());
    } catch (CharacterCodingException e) {
      return lineByLine(body);
    }
  }

  /** The slow path, only for a body that holds invalid UTF-8 somewhere. */
  private static Utf8Lines lineByLine(byte[] body) {
    CharsetDecoder decoder = strict();
    StringBuilder text = new StringBuilder(body.length);
    BitSet invalid = new BitSet();
    int number = 0;
    int start = 0;
    while (start <= body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      number++;
      try {
        text.append(decoder.decode(ByteBuffer.wrap(body, start, end - start)));
      } catch (CharacterCodingException e) {
        invalid.set(number);
        text.append('#'); // a placeholder, so the line exists even at the end of the body
      }
      if (end < body.length) {
        text.append('\n');
      }
      start = end + 1;
    }
    return new Utf8Lines(text.toString(), invalid);
  }

  private static CharsetDecoder strict() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
