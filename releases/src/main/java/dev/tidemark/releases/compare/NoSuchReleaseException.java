package dev.tidemark.releases.compare;

/** A comparison names a release Tidemark has neither samples nor snapshots of: 404. */
public final class NoSuchReleaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoSuchReleaseException(String service, String version) {
    super(
        "cannot find release "
            + version
            + (service == null ? "" : " of service " + service)
            + ": no samples labelled with it and no snapshot");
  }
}
