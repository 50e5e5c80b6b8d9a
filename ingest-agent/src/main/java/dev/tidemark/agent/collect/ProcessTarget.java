package dev.tidemark.agent.collect;

import java.nio.file.Path;

/**
 * How to find the process under test: a PID file, a name or a listening TCP port (the first one
 * given); {@link #NONE} collects none.
 */
public record ProcessTarget(Path pidFile, String name, int port) {
  public static final ProcessTarget NONE = new ProcessTarget(null, "", 0);

  boolean configured() {
    return pidFile != null || (name != null && !name.isBlank()) || port > 0;
  }

  /** The {@code process} label: the name, the PID file's name, or {@code port-N}. */
  String label() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    if (pidFile != null) {
      String f = pidFile.getFileName().toString();
      return f.endsWith(".pid") ? f.substring(0, f.length() - 4) : f;
    }
    return "port-" + port;
  }
}
