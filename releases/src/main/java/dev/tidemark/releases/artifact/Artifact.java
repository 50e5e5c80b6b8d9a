package dev.tidemark.releases.artifact;

/** One uploaded file of a snapshot: its name as the user gave it and its text. */
public record Artifact(String name, String content) {}
