package dev.tidemark.releases.compare;

import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a comparison is computed from, gathered by whoever stores releases.
 *
 * @param baselineSnapshot null when the baseline has no snapshot
 * @param candidateSnapshot null when the candidate has no snapshot
 * @param baselineRuns {@code metric TAB operation} → runs in time order (counters already rates)
 * @param versionsSeen dependency key → every version any release of the service used
 * @param licenseDeny licences the candidate may not use ({@link LicensePolicy})
 */
public record ComparisonInput(
    String service,
    String baseline,
    String candidate,
    StoredSnapshot baselineSnapshot,
    StoredSnapshot candidateSnapshot,
    Map<String, double[]> baselineRuns,
    Map<String, double[]> candidateRuns,
    Map<String, List<String>> versionsSeen,
    CriticalOperations critical,
    double thresholdPct,
    double alpha,
    List<String> licenseDeny) {

  /**
   * A fingerprint of everything the result depends on: two inputs with the same digest give the
   * same comparison, so a stored one can be handed out again instead of computed and stored anew.
   */
  public String digest() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer b = ByteBuffer.allocate(8);
    text(md, service + "\n" + baseline + "\n" + candidate);
    text(md, "\n" + id(baselineSnapshot) + "\n" + id(candidateSnapshot));
    text(md, "\n" + critical.entries() + "\n" + thresholdPct + "\n" + alpha + "\n" + licenseDeny);
    for (Map<String, double[]> runs : List.of(baselineRuns, candidateRuns)) {
      for (Map.Entry<String, double[]> e : new TreeMap<>(runs).entrySet()) {
        text(md, "\n" + e.getKey() + "\t");
        for (double v : e.getValue()) {
          md.update(b.clear().putDouble(v).array());
        }
      }
    }
    new TreeMap<>(versionsSeen).forEach((k, v) -> text(md, "\n" + k + "=" + v));
    return HexFormat.of().formatHex(md.digest());
  }

  private static String id(StoredSnapshot s) {
    return s == null ? "-" : Long.toString(s.id());
  }

  private static void text(MessageDigest md, String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
  }
}
