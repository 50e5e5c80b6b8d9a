package dev.tidemark.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code server.auth.tokens.file}: one {@code token:scope+scope} a line ({@code #} starts a
 * comment), read at start and again whenever its modification time or size changes. Rotation: add
 * the new token, move clients to it, remove the old one; a removed token stays valid for {@code
 * server.auth.tokens.grace}. A file that cannot be read or parsed at start stops the server; later
 * the previous tokens stay in force and the problem is logged (by line, never by token).
 */
public final class TokenFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

  private final Path path;
  private final Auth auth;
  private final Duration grace;
  private final ScheduledExecutorService poller;
  private FileTime seenModified;
  private long seenSize = -1;
  private String lastProblem;

  private TokenFile(Path path, Auth auth, Duration grace) {
    this.path = path;
    this.auth = auth;
    this.grace = grace;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tidemark-token-file");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the file into {@code auth} (throwing what is wrong) and watches it every {@code poll}.
   */
  public static TokenFile watch(Path path, Auth auth, Duration grace, Duration poll) {
    TokenFile file = new TokenFile(path, auth, grace);
    file.load();
    file.poller.scheduleWithFixedDelay(
        file::check, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    return file;
  }

  private void check() {
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      long size = Files.size(path);
      if (modified.equals(seenModified) && size == seenSize) {
        return;
      }
      load();
      lastProblem = null;
    } catch (IOException | RuntimeException e) {
      String problem = e.getMessage();
      if (!problem.equals(lastProblem)) { // once per problem, not per poll
        LOG.warn("{}; the previous tokens stay in force", problem);
      }
      lastProblem = problem;
    }
  }

  private synchronized void load() {
    List<String> lines;
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(path);
      size = Files.size(path);
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read server.auth.tokens.file: " + e + " [path=" + path + "]", e);
    }
    List<Auth.Token> tokens = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String entry = (hash < 0 ? line : line.substring(0, hash)).trim();
      if (!entry.isEmpty()) {
        tokens.add(Auth.entry("server.auth.tokens.file line " + (i + 1), entry));
      }
    }
    int retiring = auth.replace(tokens, grace);
    seenModified = modified;
    seenSize = size;
    LOG.info(
        "tokens loaded from {}: {} ({} more in their grace period)", path, tokens.size(), retiring);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
