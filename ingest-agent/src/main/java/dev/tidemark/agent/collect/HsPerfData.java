package dev.tidemark.agent.collect;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JVM's performance counters, read from its {@code hsperfdata} file (what {@code jstat} reads):
 * memory-mapped once, so reading a counter is a memory read, not a system call. Format: a prologue
 * (magic {@code 0xcafec0c0}, byte order, version, …, entry offset, entry count), then entries
 * (length, name offset, vector length, type, flags, units, variability, data offset) with
 * NUL-terminated names. Only {@code J} (long) counters and {@code B} (string) vectors are read.
 */
final class HsPerfData {
  private static final int MAGIC = 0xcafec0c0;

  private final MappedByteBuffer buf;
  private final Map<String, Integer> longs = new HashMap<>();
  private final Map<String, String> strings = new HashMap<>();
  private int entries = -1;

  private HsPerfData(MappedByteBuffer buf) {
    this.buf = buf;
  }

  /** The counters of the JVM whose file this is; null when it is not one. */
  static HsPerfData open(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      if (b.capacity() < 32 || b.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
        return null;
      }
      b.order(b.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      HsPerfData d = new HsPerfData(b);
      d.index();
      return d;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Lists the entries again when the JVM added some (it does while starting). */
  private void index() {
    int n = buf.getInt(28);
    if (n == entries) {
      return;
    }
    int at = buf.getInt(24);
    for (int i = 0; i < n && at > 0 && at + 20 <= buf.capacity(); i++) {
      int length = buf.getInt(at);
      int nameOffset = buf.getInt(at + 4);
      int vector = buf.getInt(at + 8);
      byte type = buf.get(at + 12);
      int dataOffset = buf.getInt(at + 16);
      String name = cString(at + nameOffset, at + length);
      if (type == 'J' && vector == 0) {
        longs.put(name, at + dataOffset);
      } else if (type == 'B' && vector > 0) {
        strings.put(name, cString(at + dataOffset, at + dataOffset + vector));
      }
      if (length <= 0) {
        break;
      }
      at += length;
    }
    entries = n;
  }

  private String cString(int from, int limit) {
    int end = from;
    while (end < limit && end < buf.capacity() && buf.get(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - from];
    buf.get(from, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A long counter, or -1 when the JVM has none of that name. */
  long get(String name) {
    index();
    Integer at = longs.get(name);
    return at == null ? -1 : buf.getLong(at);
  }

  String string(String name) {
    return strings.get(name);
  }
}
