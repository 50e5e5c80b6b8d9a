package dev.tidemark.agent.ship;

import java.io.IOException;
import java.io.Reader;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * What the shipper has done: the last spool index shipped, the next batch id, and the batch in
 * flight (its id and its first and last spool index). A batch is recorded here <em>before</em> it
 * is first sent, so after a crash the same entries go out again under the same id and the server
 * stores them once.
 *
 * <p>Kept in {@code ship-state.bin}, a memory-mapped page with two slots written in turn, each with
 * a sequence number and a checksum: a change is a few memory writes, with no system call and no
 * fsync, so shipping writes nothing per batch beyond what the kernel writes back of that page (at
 * most every ~30 s). A process killed at any moment leaves the page in the page cache: the newest
 * slot whose checksum holds is the state (a slot torn by the kill fails its checksum and the one
 * before it is used, which is safe: a batch begun but torn was never sent; a commit torn resends
 * the batch, which the server keeps once). A power loss may lose the last ~30 s of it, as it may
 * lose the spool's own unwritten pages; the state was fsynced per batch before, at two disk writes
 * a second at a 1 s interval. A {@code ship-state.properties} of an older agent is read once and
 * replaced.
 *
 * <p>A fresh state starts batch ids at {@code now_ms * 1000}: a spool deleted and recreated under
 * the same agent id never reuses an id the server has already seen.
 */
public final class ShipState {
  static final String FILE = "ship-state.bin";
  static final String OLD_FILE = "ship-state.properties";
  private static final int SLOT = 128;
  private static final int FIELDS =
      10; // seq, last, next, has, batch, start, end, entries, bytes, crc

  private final MappedByteBuffer page;
  private long seq;
  private long lastShipped;
  private long nextBatch;
  private Pending pending;

  /** A batch in flight: its id and the spool indexes of its first and last entry. */
  public record Pending(long batch, long start, long end, int entries, long bytes) {}

  private ShipState(MappedByteBuffer page) {
    this.page = page;
  }

  public static ShipState load(Path spoolDir) {
    Path file = spoolDir.resolve(FILE);
    MappedByteBuffer page;
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      page = ch.map(FileChannel.MapMode.READ_WRITE, 0, 2 * SLOT);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read ship state: " + e + " [file=" + file + "]", e);
    }
    ShipState s = new ShipState(page);
    if (!s.read()) {
      Path old = spoolDir.resolve(OLD_FILE);
      if (Files.exists(old)) {
        s.readOld(old);
      } else { // new, or torn in its very first write: nothing was sent yet
        s.lastShipped = -1;
        s.nextBatch = System.currentTimeMillis() * 1000;
      }
      s.save();
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        // read already; the new file wins from now on
      }
    }
    return s;
  }

  /** Loads the newest valid slot; false when there is none. */
  private boolean read() {
    long best = -1;
    int at = -1;
    for (int slot = 0; slot < 2; slot++) {
      int o = slot * SLOT;
      long[] f = new long[FIELDS];
      for (int i = 0; i < FIELDS; i++) {
        f[i] = page.getLong(o + 8 * i);
      }
      if (f[0] > 0 && f[FIELDS - 1] == crc(f) && f[0] > best) {
        best = f[0];
        at = o;
      }
    }
    if (at < 0) {
      return false;
    }
    seq = best;
    lastShipped = page.getLong(at + 8);
    nextBatch = page.getLong(at + 16);
    pending =
        page.getLong(at + 24) == 1
            ? new Pending(
                page.getLong(at + 32),
                page.getLong(at + 40),
                page.getLong(at + 48),
                (int) page.getLong(at + 56),
                page.getLong(at + 64))
            : null;
    return true;
  }

  private void readOld(Path old) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(old, StandardCharsets.UTF_8)) {
      p.load(r);
      pending =
          p.containsKey("pending.batch")
              ? new Pending(
                  Long.parseLong(p.getProperty("pending.batch")),
                  Long.parseLong(p.getProperty("pending.start")),
                  Long.parseLong(p.getProperty("pending.end")),
                  Integer.parseInt(p.getProperty("pending.entries")),
                  Long.parseLong(p.getProperty("pending.bytes")))
              : null;
      lastShipped = Long.parseLong(p.getProperty("last.shipped"));
      nextBatch = Long.parseLong(p.getProperty("next.batch"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read ship state: " + e + " [file=" + old + "]", e);
    }
  }

  public long lastShipped() {
    return lastShipped;
  }

  public long nextBatch() {
    return nextBatch;
  }

  public Pending pending() {
    return pending;
  }

  /** Records a batch as in flight before it is sent. */
  public void begin(Pending batch) {
    if (pending != null) {
      throw new IllegalStateException(
          "cannot begin batch: batch " + pending.batch() + " is still in flight");
    }
    pending = batch;
    save();
  }

  /** Records the batch in flight as done (stored or dead-lettered). */
  public void commit() {
    lastShipped = pending.end();
    nextBatch = pending.batch() + 1;
    pending = null;
    save();
  }

  /** Writes the slot not holding the current state: a torn write leaves the current one intact. */
  private void save() {
    seq++;
    long[] f = new long[FIELDS];
    f[0] = seq;
    f[1] = lastShipped;
    f[2] = nextBatch;
    if (pending != null) {
      f[3] = 1;
      f[4] = pending.batch();
      f[5] = pending.start();
      f[6] = pending.end();
      f[7] = pending.entries();
      f[8] = pending.bytes();
    }
    f[FIELDS - 1] = crc(f);
    int o = (int) (seq % 2) * SLOT;
    for (int i = 0; i < FIELDS; i++) {
      page.putLong(o + 8 * i, f[i]);
    }
  }

  /** A checksum of the fields before it (a torn slot fails it). */
  private static long crc(long[] f) {
    CRC32C c = new CRC32C();
    for (int i = 0; i < FIELDS - 1; i++) {
      for (int b = 0; b < 8; b++) {
        c.update((int) (f[i] >>> (8 * b)));
      }
    }
    return c.getValue() | 1L << 40; // never 0: an all-zero slot is no state
  }
}
