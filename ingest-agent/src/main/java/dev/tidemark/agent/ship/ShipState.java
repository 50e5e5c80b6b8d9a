package dev.tidemark.agent.ship;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * What the shipper has done, on disk, fsynced on every change: the last spool index shipped, the
 * next batch id, and the batch in flight (its id and its first and last spool index). A batch is
 * written here <em>before</em> it is first sent, so after a crash the same entries go out again
 * under the same id and the server stores them once.
 *
 * <p>A fresh state starts batch ids at {@code now_ms * 1000}: a spool deleted and recreated under
 * the same agent id never reuses an id the server has already seen.
 */
public final class ShipState {
  static final String FILE = "ship-state.properties";

  private final Path file;
  private long lastShipped;
  private long nextBatch;
  private Pending pending;

  /** A batch in flight: its id and the spool indexes of its first and last entry. */
  public record Pending(long batch, long start, long end, int entries, long bytes) {}

  private ShipState(Path file, long lastShipped, long nextBatch, Pending pending) {
    this.file = file;
    this.lastShipped = lastShipped;
    this.nextBatch = nextBatch;
    this.pending = pending;
  }

  public static ShipState load(Path spoolDir) {
    Path file = spoolDir.resolve(FILE);
    if (!Files.exists(file)) {
      return new ShipState(file, -1, System.currentTimeMillis() * 1000, null);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      Pending pending =
          p.containsKey("pending.batch")
              ? new Pending(
                  Long.parseLong(p.getProperty("pending.batch")),
                  Long.parseLong(p.getProperty("pending.start")),
                  Long.parseLong(p.getProperty("pending.end")),
                  Integer.parseInt(p.getProperty("pending.entries")),
                  Long.parseLong(p.getProperty("pending.bytes")))
              : null;
      return new ShipState(
          file,
          Long.parseLong(p.getProperty("last.shipped")),
          Long.parseLong(p.getProperty("next.batch")),
          pending);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read ship state: " + e + " [file=" + file + "]", e);
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

  /** Records a batch as in flight, durably, before it is sent. */
  public void begin(Pending batch) {
    if (pending != null) {
      throw new IllegalStateException(
          "cannot begin batch: batch " + pending.batch() + " is still in flight");
    }
    pending = batch;
    save();
  }

  /** Records the batch in flight as done (stored or dead-lettered), durably. */
  public void commit() {
    lastShipped = pending.end();
    nextBatch = pending.batch() + 1;
    pending = null;
    save();
  }

  private void save() {
    StringBuilder sb = new StringBuilder();
    sb.append("last.shipped=").append(lastShipped).append('\n');
    sb.append("next.batch=").append(nextBatch).append('\n');
    if (pending != null) {
      sb.append("pending.batch=").append(pending.batch()).append('\n');
      sb.append("pending.start=").append(pending.start()).append('\n');
      sb.append("pending.end=").append(pending.end()).append('\n');
      sb.append("pending.entries=").append(pending.entries()).append('\n');
      sb.append("pending.bytes=").append(pending.bytes()).append('\n');
    }
    Path tmp = file.resolveSibling(FILE + ".tmp");
    // a stream, not a FileChannel: an interrupt must not close the file halfway through a write
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.getFD().sync();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ship state: " + e + " [file=" + tmp + "]", e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // some file systems cannot sync a directory; the rename is still atomic
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ship state: " + e + " [file=" + file + "]", e);
    }
  }
}
