package dev.tidemark.agent.collect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds the process under test: by PID file, by name (its {@code comm}, or a word of its command
 * line, such as a main class or jar for a JVM whose {@code comm} is only "java"), or by a TCP port
 * it listens on ({@code /proc/net/tcp{,6}} gives the socket's inode, a {@code /proc/PID/fd} link
 * names it). The agent itself is never the answer. Run on the slow thread: scanning {@code /proc}
 * costs milliseconds.
 */
final class ProcessFinder {
  private static final Path PROC = Path.of("/proc");

  private final Path pidFile;
  private final String name;
  private final int port;
  private final long self = ProcessHandle.current().pid();
  private final long fixed;

  /** Any of the three may be absent (null, null, -1); the first one given is used. */
  ProcessFinder(Path pidFile, String name, int port) {
    this(pidFile, name, port, -1);
  }

  private ProcessFinder(Path pidFile, String name, int port, long fixed) {
    this.pidFile = pidFile;
    this.name = name == null || name.isBlank() ? null : name;
    this.port = port;
    this.fixed = fixed;
  }

  /** The agent's own process. */
  static ProcessFinder self() {
    return new ProcessFinder(null, null, -1, ProcessHandle.current().pid());
  }

  boolean configured() {
    return pidFile != null || name != null || port > 0;
  }

  /** The process's id, or -1 when it is not running. */
  long find() {
    if (fixed >= 0) {
      return fixed;
    }
    try {
      if (pidFile != null) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return Files.isDirectory(PROC.resolve(Long.toString(pid))) ? pid : -1;
      }
      if (name != null) {
        return byName();
      }
      if (port > 0) {
        return byPort();
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private long byName() throws IOException {
    long best = -1;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcessFinder::isPid)) {
      for (Path d : dirs) {
        long pid = Long.parseLong(d.getFileName().toString());
        if (pid == self || (best >= 0 && pid > best)) {
          continue;
        }
        if (matches(d)) {
          best = pid;
        }
      }
    }
    return best;
  }

  private boolean matches(Path dir) {
    try {
      if (Files.readString(dir.resolve("comm")).trim().equals(name)) {
        return true;
      }
      byte[] cmd = Files.readAllBytes(dir.resolve("cmdline"));
      for (String word : new String(cmd, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
        if (word.equals(name) || word.endsWith("/" + name)) {
          return true;
        }
      }
    } catch (IOException e) {
      // gone, or not ours to read
    }
    return false;
  }

  private long byPort() throws IOException {
    Set<String> inodes = new HashSet<>();
    for (String table : new String[] {"net/tcp", "net/tcp6"}) {
      Path p = PROC.resolve(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = ProcCounters.fields(line);
        if (f.length < 10 || !f[3].equals("0A")) { // 0A: LISTEN
          continue;
        }
        int colon = f[1].lastIndexOf(':');
        if (colon > 0 && Integer.parseInt(f[1].substring(colon + 1), 16) == port) {
          inodes.add("socket:[" + f[9] + "]");
        }
      }
    }
    if (inodes.isEmpty()) {
      return -1;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcessFinder::isPid)) {
      for (Path d : dirs) {
        if (holds(d.resolve("fd"), inodes)) {
          return Long.parseLong(d.getFileName().toString());
        }
      }
    }
    return -1;
  }

  private static boolean holds(Path fds, Set<String> inodes) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path l : links) {
        try {
          if (inodes.contains(Files.readSymbolicLink(l).toString())) {
            return true;
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      // not ours to read
    }
    return false;
  }

  private static boolean isPid(Path p) {
    String s = p.getFileName().toString();
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
