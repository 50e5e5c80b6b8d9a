package dev.tidemark.releases.artifact;

/**
 * A snapshot file that cannot be read: names the file and, where known, the line. The whole
 * snapshot is refused with 400; nothing of it is stored.
 */
public final class ArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  public ArtifactException(String file, int line, String cause) {
    super(
        "cannot parse "
            + file
            + ": "
            + cause
            + " [file="
            + file
            + (line > 0 ? ", line=" + line : "")
            + "]");
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** 1-based; 0 when the problem is not on one line (an empty file, a missing element). */
  public int line() {
    return line;
  }
}
