package dev.tidemark.releases.deps;

/**
 * One resolved (or, from a manifest without a lock file, declared) dependency.
 *
 * @param ecosystem {@code maven}, {@code npm}, {@code pypi} or {@code go}
 * @param name {@code groupId:artifactId}, the npm package, the normalised Python project, the Go
 *     module path
 * @param checksum the lock file's hash where the format has one, else null
 * @param scope compile/test/dev/…, or {@code declared} for a range from a manifest
 * @param source the file it came from
 */
public record Dependency(
    String ecosystem, String name, String version, String checksum, String scope, String source) {

  public String key() {
    return ecosystem + ":" + name;
  }
}
