package dev.tidemark.server.storage;

import dev.tidemark.protocol.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** A series' identity: metric name and labels. */
public record SeriesKey(String metric, Labels labels) {
  /** 128 bits of SHA-256 over metric and canonical labels: the unique key in {@code series}. */
  public UUID fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(metric.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(labels.canonical().getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.wrap(sha.digest());
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
