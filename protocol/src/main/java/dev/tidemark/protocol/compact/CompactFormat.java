package dev.tidemark.protocol.compact;

/**
 * The agent's compact batch: binary, each series defined once per <em>epoch</em> and referenced by
 * a small id after that, timestamps as deltas, values as short decimals where they are ones, then
 * compressed (zstd or snappy). At a 1 s interval with ~600 host series a sample costs ~2-4 bytes on
 * the wire, against ~120 in JSON.
 *
 * <pre>
 * body    = magic "TMC1", agent (string), batch (uvarint), epoch (uvarint),
 *           defs (uvarint n, then n × def), base ts (svarint, epoch ms),
 *           samples (uvarint n, then n × sample), histograms (uvarint n, then n × histogram)
 * def     = id (uvarint), metric (string), labels (uvarint n, then n × (name, value))
 * sample  = id (uvarint), ts − previous ts (svarint), value
 * value   = tag byte 0-15: decimal places d, then svarint m; the value is m / 10^d
 *           tag 0x20: eight bytes, the IEEE 754 bits big-endian (any double, stale markers too)
 * hist    = id (uvarint), ts − previous ts (svarint), unit (string),
 *           HdrHistogram compressed V2 encoding (uvarint length, bytes)
 * string  = uvarint length, UTF-8 bytes
 * </pre>
 *
 * An epoch is the agent's choice (random, new at every start and whenever the server asks). The
 * server keeps, per agent, the series of its current epoch; a batch that refers to an id the server
 * does not know (it restarted, or forgot the agent) is answered 409, and the agent sends the batch
 * again under a new epoch with every series defined. Definitions are idempotent (an id means one
 * series for the whole epoch), so a batch resent after a lost answer decodes to the same samples,
 * and the server's {@code (agent, batch)} deduplication keeps exactly-once.
 */
public final class CompactFormat {
  public static final String CONTENT_TYPE = "application/x-tidemark-compact";
  static final int MAGIC = 0x544d4331; // "TMC1"
  static final int TAG_DOUBLE = 0x20;
  static final int MAX_DECIMALS = 9;
  static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  private CompactFormat() {}
}
