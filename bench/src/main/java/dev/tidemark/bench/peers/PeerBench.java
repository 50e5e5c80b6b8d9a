package dev.tidemark.bench.peers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tidemark beside VictoriaMetrics and Prometheus (Debian's packages), each fed the same pre-encoded
 * remote_write bodies over the same four connections, one system at a time on an idle machine, each
 * after the same warm-up phase ({@link #warmUp}): acknowledged samples/s; samples/s until every
 * acknowledged sample is answered by a {@code count_over_time} query (so each acknowledged sample
 * is verified there); p99 latency at half the system's own acknowledged rate; PromQL range query
 * p50 over 1,000 and 10,000 series and an instant query p50; disk bytes per stored sample; memory
 * (PSS of the process and its children). The last column is Tidemark ÷ the best peer. Tidemark runs
 * twice, with its head of recent samples (the default) and with it off (every raw read through
 * SQL), the second being the baseline the head is measured against; neither counts as a peer. A
 * system that is not installed is left out, saying so.
 */
public final class PeerBench {
  /** Tidemark's gauge of write-ahead entries its storage writer has not stored yet. */
  private static final String WAL_LAG = "tidemark_wal_lag_entries";

  private static final int SERIES = 10_000;
  private static final int PER_BODY = 1_000;
  private static final int CONNECTIONS = 4;

  /** Rounds of the warm-up phase ({@link #warmUp}): 5,000,000 samples. */
  private static final int WARM_ROUNDS = 500;

  private final int rounds;

  public PeerBench(int samples) {
    this.rounds = Math.max(6, samples / SERIES);
  }

  private record Figure(String name, boolean higherIsBetter, String format) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("remote_write acknowledged, samples/s", true, "%,.0f"),
          new Figure("remote_write until queryable, samples/s", true, "%,.0f"),
          new Figure("p99 at half its own max rate, ms", false, "%.1f"),
          new Figure("`sum(rate(m[5m]))` 1k series, 50 min, step 60 s, p50 ms", false, "%.1f"),
          new Figure("same over 10k series, p50 ms", false, "%.1f"),
          new Figure("instant `max by (region)(m)` 10k series, p50 ms", false, "%.1f"),
          new Figure("disk, bytes/sample", false, "%.1f"),
          new Figure("memory (PSS incl. children), MB", false, "%.0f"));

  /**
   * The systems to run: all by default, or those {@code BENCH_PEERS} names (comma separated, e.g.
   * {@code Tidemark} alone while sizing its memory).
   */
  private static List<String> systems() {
    List<String> all = List.of("Tidemark", "Tidemark, head off", "VictoriaMetrics", "Prometheus");
    String chosen = System.getenv("BENCH_PEERS");
    if (chosen == null || chosen.isBlank()) {
      return all;
    }
    List<String> names =
        all.contains(chosen.trim())
            ? List.of(chosen.trim()) // one name, commas and all
            : List.of(chosen.split("\\s*,\\s*"));
    for (String n : names) {
      if (!all.contains(n)) {
        throw new IllegalArgumentException(
            "cannot run peers: BENCH_PEERS names " + n + " (one of " + all + ")");
      }
    }
    return names;
  }

  public String run(String machine) throws Exception {
    long step = Duration.ofMinutes(50).toMillis() / rounds;
    long start = (System.currentTimeMillis() - Duration.ofMinutes(55).toMillis()) / 1000 * 1000;
    long end = start + (rounds - 1) * step;
    System.out.printf(
        Locale.ROOT,
        "  encoding %,d series x %d rounds (%,d samples per phase) ...%n",
        SERIES,
        rounds,
        (long) SERIES * rounds);
    List<byte[]> first = WriteBodies.encode("bench_a", SERIES, rounds, PER_BODY, start, step);
    List<byte[]> second = WriteBodies.encode("bench_b", SERIES, rounds, PER_BODY, start, step);
    List<byte[]> warm =
        System.getenv("BENCH_COLD") != null
            ? List.of()
            : WriteBodies.encode(
                "bench_warm",
                SERIES,
                WARM_ROUNDS,
                PER_BODY,
                start,
                // from start to end as a phase, whatever its rounds: the check that every sample
                // answers counts the 2 hours up to the end
                (end - start) / (WARM_ROUNDS - 1));
    if (!warm.isEmpty()) {
      GeneratorWarmUp.run(first, PER_BODY, CONNECTIONS);
    }
    Map<String, double[]> results = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : systems()) {
      Optional<Peer> peer =
          switch (name) {
            case "Tidemark" -> Optional.of(Peer.tidemark(true));
            case "Tidemark, head off" -> Optional.of(Peer.tidemark(false));
            case "VictoriaMetrics" -> Peer.victoriaMetrics();
            default -> Peer.prometheus();
          };
      if (peer.isEmpty()) {
        missing.add(name);
        System.out.println("\n# peers: " + name + " is not installed, left out");
        continue;
      }
      try (Peer p = peer.get()) {
        System.out.println("\n# peers: " + name);
        results.put(name, measure(p, warm, first, second, start, end));
      }
    }
    return table(results, missing, machine);
  }

  private double[] measure(
      Peer p, List<byte[]> warm, List<byte[]> first, List<byte[]> second, long start, long end)
      throws Exception {
    double[] out = new double[FIGURES.size()];
    String write = p.url("/api/v1/write");
    long warmSamples = warmUp(p, warm, start, end);
    long t0 = System.nanoTime();
    Load.Result ingest = Load.send(write, first, PER_BODY, CONNECTIONS, 0);
    out[0] = ingest.ackedSamples() / ingest.seconds();
    String lagAtAck = tidemarkLag(p, WAL_LAG);
    String headLagAtAck = tidemarkLag(p, "tidemark_head_lag_entries");
    double queryable = untilQueryable(p, "bench_a", ingest.ackedSamples(), end, t0);
    out[1] = ingest.ackedSamples() / queryable;
    String lagAtQueryable = tidemarkLag(p, WAL_LAG);
    System.out.printf(
        Locale.ROOT,
        "  acknowledged %,d samples in %.1f s (the head behind by %s entries), all queryable after"
            + " %.1f s%n",
        ingest.ackedSamples(),
        ingest.seconds(),
        headLagAtAck,
        queryable);

    double bodiesPerSec = out[0] / 2 / PER_BODY;
    int paced = (int) Math.min(second.size(), Math.max(20, bodiesPerSec * 15));
    Load.Result half =
        Load.send(write, second.subList(0, paced), PER_BODY, CONNECTIONS, bodiesPerSec);
    out[2] = half.latencyMicros().getValueAtPercentile(99) / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "  %d bodies at %.1f/s: p50 %.1f ms, p99 %.1f ms%n",
        paced,
        bodiesPerSec,
        half.latencyMicros().getValueAtPercentile(50) / 1000.0,
        out[2]);
    untilQueryable(p, "bench_b", half.ackedSamples(), end, System.nanoTime());

    long from = start / 1000 + 300;
    long to = end / 1000;
    out[3] = p50(p, "/api/v1/query_range", "sum(rate(bench_a{group=\"0\"}[5m]))", from, to);
    out[4] = p50(p, "/api/v1/query_range", "sum(rate(bench_a[5m]))", from, to);
    out[5] = p50(p, "/api/v1/query", "max by (region)(bench_a)", from, to);
    out[6] = p.diskBytes() / (double) (warmSamples + ingest.ackedSamples() + half.ackedSamples());
    out[7] = p.memoryBytes() / 1e6;
    if (p.name.startsWith("Tidemark")) {
      headFigures(p);
      System.out.printf(
          Locale.ROOT,
          "  storage writer behind by %s write-ahead entries when the first phase was acknowledged,"
              + " %s when it was queryable, %s after the queries%n",
          lagAtAck,
          lagAtQueryable,
          tidemarkLag(p, WAL_LAG));
    }
    System.out.printf(
        Locale.ROOT,
        "  queries p50 %.1f / %.1f / %.1f ms; %.1f bytes/sample; %.0f MB; main process RSS %.0f MB%n",
        out[3],
        out[4],
        out[5],
        out[6],
        out[7],
        p.rssBytes() / 1e6);
    if (p.name.startsWith("Tidemark")) {
      System.out.println("  " + p.residentParts());
    }
    return out;
  }

  /**
   * Sends the warm-up bodies (another metric, the same series and times), waits until they answer
   * and runs each measured query on them once; returns the samples acknowledged. Every system gets
   * the same, so the figures are those of a running server rather than of a process's first
   * seconds: a JVM compiles its hot paths then (Tidemark's JIT spent ~18 s of CPU in the first 40 s
   * of a cold 5 M-sample run on these 2 cores). It is as long as a phase: after a warm-up of 1 M
   * samples the compiler threads still took a third to a half of a core through the first phase.
   * Then Tidemark's storage writer stores the warm-up's backlog before the phases start ({@link
   * #settle}). {@code BENCH_COLD} set skips it all.
   */
  private static long warmUp(Peer p, List<byte[]> warm, long start, long end) throws Exception {
    if (warm.isEmpty()) {
      return 0;
    }
    Load.Result r = Load.send(p.url("/api/v1/write"), warm, PER_BODY, CONNECTIONS, 0);
    double s = untilQueryable(p, "bench_warm", r.ackedSamples(), end, System.nanoTime());
    long from = start / 1000 + 300;
    query(p, "/api/v1/query_range", "sum(rate(bench_warm{group=\"0\"}[5m]))", end / 1000, from, 60);
    query(p, "/api/v1/query_range", "sum(rate(bench_warm[5m]))", end / 1000, from, 60);
    query(p, "/api/v1/query", "max by (region)(bench_warm)", end / 1000, 0, 0);
    double settled = settle(p);
    System.out.printf(
        Locale.ROOT,
        "  warm-up: %,d samples of another metric, answered after %.1f s, stored after %.1f s more%n",
        r.ackedSamples(),
        s,
        settled);
    return r.ackedSamples();
  }

  /** A lag gauge of Tidemark's /metrics, formatted; "-" for the other systems. */
  private static String tidemarkLag(Peer p, String gauge) throws Exception {
    double lag = lagEntries(p, gauge);
    return Double.isNaN(lag) ? "-" : String.format(Locale.ROOT, "%,.0f", lag);
  }

  /** A gauge of Tidemark's /metrics; NaN for the other systems. */
  private static double lagEntries(Peer p, String gauge) throws Exception {
    if (!p.name.startsWith("Tidemark")) {
      return Double.NaN;
    }
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(p.url("/metrics"))).build(),
            HttpResponse.BodyHandlers.ofString());
    for (String line : r.body().split("\n")) {
      if (line.startsWith(gauge + " ")) {
        return Double.parseDouble(line.split(" ")[1]);
      }
    }
    throw new IllegalStateException("cannot read " + gauge + " from " + p.name);
  }

  /**
   * Waits (up to five minutes) until Tidemark's storage writer has stored what the warm-up left in
   * the write-ahead queue, so the measured phases start from an idle server rather than behind the
   * warm-up's backlog; returns the seconds waited (0 for the other systems).
   */
  private static double settle(Peer p) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + Duration.ofMinutes(5).toNanos();
    while (lagEntries(p, WAL_LAG) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The head's own size, as the server reports it in /metrics. */
  private static void headFigures(Peer p) throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(p.url("/metrics"))).build(),
            HttpResponse.BodyHandlers.ofString());
    for (String line : r.body().split("\n")) {
      if (line.startsWith("tidemark_head_samples ")
          || line.startsWith("tidemark_head_bytes ")
          || line.startsWith("tidemark_head_series ")
          || line.startsWith("tidemark_head_handed_entries ")
          || line.startsWith("tidemark_head_reads_total{")) {
        System.out.println("  " + line);
      }
    }
  }

  /** Seconds from {@code t0} until the count of the metric's samples reaches {@code expected}. */
  private static double untilQueryable(Peer p, String metric, long expected, long end, long t0)
      throws Exception {
    String q = "sum(count_over_time(" + metric + "[2h]))";
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    double seen = -1;
    while (System.nanoTime() < deadline) {
      JsonArray result;
      try {
        result = query(p, "/api/v1/query", q, end / 1000.0 + 1, 0, 0);
      } catch (QueryTimeout busy) { // the count through SQL while the writer drains: ask again
        continue;
      }
      seen =
          result.isEmpty()
              ? 0
              : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
      if (seen >= expected) {
        return (System.nanoTime() - t0) / 1e9;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "cannot verify " + p.name + ": " + (long) seen + " of " + expected + " samples stored");
  }

  private static double p50(Peer p, String path, String q, long from, long to) throws Exception {
    int runs = 15;
    double[] ms = new double[runs];
    for (int i = -3; i < runs; i++) {
      long t = System.nanoTime();
      JsonArray result = query(p, path, q, to, from, 60);
      if (result.isEmpty()) {
        throw new IllegalStateException("cannot measure " + p.name + ": empty answer to " + q);
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static JsonArray query(Peer p, String path, String q, double time, long from, int step)
      throws Exception {
    String params =
        "query="
            + URLEncoder.encode(q, StandardCharsets.UTF_8)
            + (path.endsWith("range")
                ? "&start=" + from + "&end=" + (long) time + "&step=" + step
                : "&time=" + time);
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(p.url(path) + "?" + params))
                .timeout(Duration.ofMinutes(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 422 && r.body().contains("took longer than allowed")) {
      throw new QueryTimeout(p.name + ": " + r.body());
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "cannot query " + p.name + ": " + r.statusCode() + " " + r.body() + " [query=" + q + "]");
    }
    return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
  }

  /** A query the system answered with its own time limit. */
  private static final class QueryTimeout extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    QueryTimeout(String message) {
      super("query timed out on " + message);
    }
  }

  private String table(Map<String, double[]> results, List<String> missing, String machine) {
    List<String> names = new ArrayList<>(results.keySet());
    StringBuilder sb =
        new StringBuilder("\n### Tidemark beside its peers (remote_write)\n\n| figure |");
    names.forEach(n -> sb.append(' ').append(n).append(" |"));
    sb.append(" Tidemark ÷ best peer |\n|---|");
    names.forEach(n -> sb.append("---|"));
    sb.append("---|\n");
    for (int f = 0; f < FIGURES.size(); f++) {
      Figure fig = FIGURES.get(f);
      sb.append("| ").append(fig.name()).append(" |");
      double best = Double.NaN;
      for (String n : names) {
        double v = results.get(n)[f];
        sb.append(' ').append(String.format(Locale.ROOT, fig.format(), v)).append(" |");
        if (!n.startsWith("Tidemark")) {
          best =
              Double.isNaN(best) ? v : fig.higherIsBetter() ? Math.max(best, v) : Math.min(best, v);
        }
      }
      double tidemark = results.containsKey("Tidemark") ? results.get("Tidemark")[f] : Double.NaN;
      sb.append(String.format(Locale.ROOT, " %.2f |%n", tidemark / best));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%,d series × %d rounds per phase, %d samples per request, %d connections, %s.%s%nMachine: %s%n",
            SERIES,
            rounds,
            PER_BODY,
            CONNECTIONS,
            System.getenv("BENCH_COLD") != null
                ? "no warm-up (BENCH_COLD)"
                : "after a warm-up of " + (SERIES * WARM_ROUNDS) + " samples",
            missing.isEmpty() ? "" : " Not installed: " + String.join(", ", missing) + ".",
            machine));
    return sb.toString();
  }
}
