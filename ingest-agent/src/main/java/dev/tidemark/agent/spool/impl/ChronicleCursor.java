package dev.tidemark.agent.spool.impl;

import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** A tailer over the spool. Its position is set from the ship state, never trusted on its own. */
final class ChronicleCursor implements SpoolCursor {
  private final ExcerptTailer tailer;
  private final Path dir;

  ChronicleCursor(ExcerptTailer tailer, Path dir) {
    this.tailer = tailer;
    this.dir = dir;
  }

  @Override
  public void seekAfter(long index) {
    if (index < 0) {
      tailer.toStart();
      return;
    }
    seekTo(index);
    if (next() == null) {
      throw new IllegalStateException(
          "cannot find shipped entry in spool [dir="
              + dir
              + ", index="
              + Long.toHexString(index)
              + "]");
    }
  }

  @Override
  public void seekTo(long index) {
    if (!tailer.moveToIndex(index)) {
      throw new IllegalStateException(
          "cannot find entry in spool: it was deleted or never written [dir="
              + dir
              + ", index="
              + Long.toHexString(index)
              + "]");
    }
  }

  @Override
  public SpoolEntry next() {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      return EntryCodec.read(dc.wire().bytes(), dc.index());
    }
  }

  @Override
  public void close() {
    tailer.close();
  }
}
