package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Batch;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A batch id for protocols that carry none (remote_write, Influx line protocol): the request body's
 * digest. A client that resends a request after losing the answer resends the same bytes
 * (Prometheus retries the very buffer it built), so the resend gets the same id and the storage
 * writer stores it once, as it does for agent batches. Ids live in their own namespace ({@code
 * ~protocol}: agent ids cannot start with {@code ~}) and are forgotten sooner than agent ids
 * ({@code Storage}).
 *
 * <p>Only bodies whose every sample has its own timestamp may be identified: two Influx writes of
 * {@code cpu v=1} a second apart are two samples, not a resend.
 */
public final class ContentId {
  /** Prefix of the agent column for content ids. */
  public static final String NAMESPACE = "~";

  private ContentId() {}

  /** {@code batch} under the id of {@code body}; 63 bits of SHA-256, so never negative. */
  public static Batch identify(Batch batch, String protocol, byte[] body) {
    return new Batch(
        NAMESPACE + protocol, of(body), batch.samples(), batch.histograms(), batch.spans());
  }

  /** The id of a body: 63 bits of its SHA-256. */
  public static long of(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      long id = 0;
      for (int i = 0; i < 8; i++) {
        id = (id << 8) | (d[i] & 0xff);
      }
      return id & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
