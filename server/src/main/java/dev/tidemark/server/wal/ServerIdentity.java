package dev.tidemark.server.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The identity of one server, kept in {@code <data dir>/server.id}: the key of its write-ahead
 * position in the database, so servers sharing a database each resume from their own queue. A new
 * data directory gets a random id; one that already holds a queue but no id was written before
 * identities and adopts {@code default}, the key its position was migrated to. Copying a data
 * directory copies its identity: two servers must never run from copies of one.
 */
public final class ServerIdentity {
  public static final String FILE = "server.id";
  static final String LEGACY = "default";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private ServerIdentity() {}

  /** Reads the identity of {@code dataDir}, creating it (durably) on first use. */
  public static String load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!VALID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "cannot use server identity: "
                + file
                + " must hold 1-64 characters of A-Z a-z 0-9 . _ - [found="
                + id.length()
                + " characters]");
      }
      return id;
    }
    String id = hasQueue(dataDir.resolve("wal")) ? LEGACY : "srv-" + UUID.randomUUID();
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  private static boolean hasQueue(Path wal) throws IOException {
    if (!Files.isDirectory(wal)) {
      return false;
    }
    try (Stream<Path> files = Files.list(wal)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
    }
  }
}
