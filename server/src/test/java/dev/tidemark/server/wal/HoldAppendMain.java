package dev.tidemark.server.wal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Run in a child JVM by {@link WriteAheadLogTest}: starts an append, writes half an entry, says so
 * on stdout and waits to be killed — a process that dies in the middle of an append.
 */
public final class HoldAppendMain {
  private HoldAppendMain() {}

  public static void main(String[] args) throws Exception {
    SingleChronicleQueue queue =
        SingleChronicleQueueBuilder.binary(Path.of(args[0]))
            .rollCycle(WriteAheadLog.ROLL_CYCLE)
            .build();
    ExcerptAppender appender = queue.createAppender();
    DocumentContext dc = appender.writingDocument();
    dc.wire().bytes().writeStopBit(1).writeLong(42L).writeUtf8("half an entry");
    System.out.println("holding");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
