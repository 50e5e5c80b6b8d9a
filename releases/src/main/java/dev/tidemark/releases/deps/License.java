package dev.tidemark.releases.deps;

/**
 * A licence a snapshot's files declare: an npm lock entry's {@code license}, a POM's {@code
 * <licenses>} for the artifact it builds.
 *
 * @param license as written, usually an SPDX id or expression ({@code MIT}, {@code (MIT OR
 *     Apache-2.0)})
 */
public record License(
    String ecosystem, String name, String version, String license, String source) {}
