package dev.tidemark.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.ingest.remotewrite.PromWrite;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers that keep ingesting through one address the way real clients do: agents send native JSON
 * batches with ids ({@code load-a<k>}, metric {@code load_agent}), Prometheus-like writers send
 * remote_write requests ({@code load_rw}). Each sends its requests one after the other and resends
 * a request until it is acknowledged: after a lost connection at once, after a 5xx (which is
 * recorded) a moment later. Request {@code id} of a writer holds {@link #SERIES} samples valued
 * {@code id} at a time of its own, so the database shows whether each acknowledged request is
 * stored exactly once.
 */
public final class IngestLoad {
  public static final int SERIES = 20;

  private final long base = System.currentTimeMillis() - 300_000;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong transportErrors = new AtomicLong();
  private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Writer> writers = new ArrayList<>();

  private IngestLoad() {}

  /** Starts {@code agents} agent writers and {@code remoteWriters} remote_write writers. */
  public static IngestLoad start(int port, int agents, int remoteWriters) {
    IngestLoad load = new IngestLoad();
    for (int k = 0; k < agents; k++) {
      load.writers.add(load.new Writer("a" + k, true, port));
    }
    for (int k = 0; k < remoteWriters; k++) {
      load.writers.add(load.new Writer("r" + k, false, port));
    }
    load.writers.forEach(w -> w.thread.start());
    return load;
  }

  /** Requests acknowledged so far, over all writers. */
  public long acknowledged() {
    return writers.stream().mapToLong(w -> w.acked.get()).sum();
  }

  /** Waits until {@code more} further requests have been acknowledged (up to 60 s). */
  public void awaitMore(long more) throws InterruptedException {
    long target = acknowledged() + more;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acknowledged() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("writers stalled at " + acknowledged() + " acknowledged requests");
      }
      Thread.sleep(20);
    }
  }

  /** Stops: each writer finishes the request in hand (until acknowledged) and returns. */
  public void stop() throws InterruptedException {
    stop.set(true);
    for (Writer w : writers) {
      w.thread.join(90_000);
    }
  }

  /** Status and body of every 5xx the writers were answered. */
  public List<String> serverErrors() {
    return List.copyOf(serverErrors);
  }

  /** Requests that were sent again because the connection was lost before an answer. */
  public long transportErrors() {
    return transportErrors.get();
  }

  /** Samples every writer has had acknowledged. */
  public long samples(String metric) {
    return writers.stream()
        .filter(w -> w.metric().equals(metric))
        .mapToLong(w -> (long) w.acked.get() * SERIES)
        .sum();
  }

  /**
   * Every request every writer had acknowledged is stored exactly once (SERIES rows valued its id),
   * nothing else is, and each agent's batch ids are recorded once each.
   */
  public void assertStoredExactlyOnce(String jdbcUrl) throws SQLException {
    assertThat(failures).as("requests refused or never acknowledged").isEmpty();
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      for (Writer w : writers) {
        Map<Integer, Long> rows = new HashMap<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.value, count(*) FROM samples s JOIN series r ON r.id = s.series_id"
                    + " WHERE r.metric = ? AND r.labels ->> 'w' = ? GROUP BY s.value")) {
          ps.setString(1, w.metric());
          ps.setString(2, w.name);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.put((int) rs.getDouble(1), rs.getLong(2));
            }
          }
        }
        int sent = w.acked.get();
        Map<Integer, Long> wrong = new LinkedHashMap<>();
        for (int id = 0; id < sent; id++) {
          long n = rows.getOrDefault(id, 0L);
          if (n != SERIES) {
            wrong.put(id, n);
          }
        }
        rows.keySet().stream().filter(id -> id >= sent).forEach(id -> wrong.put(id, rows.get(id)));
        assertThat(wrong)
            .as(
                "writer %s: requests whose rows are not %d (of %d acknowledged)",
                w.name, SERIES, sent)
            .isEmpty();
        if (w.agent) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*), count(DISTINCT batch) FROM ingest_batches WHERE agent = ?")) {
            ps.setString(1, "load-" + w.name);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              assertThat(rs.getLong(1)).as("batch ids of agent %s", w.name).isEqualTo(sent);
              assertThat(rs.getLong(2)).isEqualTo(sent);
            }
          }
        }
      }
    }
  }

  private final class Writer {
    final String name;
    final boolean agent;
    final Http http;
    final AtomicInteger acked = new AtomicInteger();
    final Thread thread;

    Writer(String name, boolean agent, int port) {
      this.name = name;
      this.agent = agent;
      this.http = Http.ownConnections(port); // each its own connection, as separate clients
      this.thread = new Thread(this::run, "load-" + name);
    }

    String metric() {
      return agent ? "load_agent" : "load_rw";
    }

    void run() {
      while (!stop.get()) {
        int id = acked.get();
        if (!send(id)) {
          return;
        }
        acked.incrementAndGet();
      }
    }

    /** Sends request {@code id} until it is acknowledged; false if it never is (recorded). */
    boolean send(int id) {
      byte[] body = agent ? batch(id) : remoteWrite(id);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r;
        try {
          r =
              agent
                  ? http.post("/api/v1/ingest", "application/json", body)
                  : http.post(
                      "/api/v1/write",
                      "application/x-protobuf",
                      body,
                      "Content-Encoding",
                      "snappy",
                      "X-Prometheus-Remote-Write-Version",
                      "0.1.0");
        } catch (RuntimeException connectionLost) {
          transportErrors.incrementAndGet();
          pause(20);
          continue;
        }
        if (r.statusCode() == 204) {
          return true;
        }
        if (r.statusCode() >= 500) {
          serverErrors.add(name + " request " + id + ": " + r.statusCode() + " " + r.body());
          pause(100);
          continue;
        }
        failures.add(name + " request " + id + ": " + r.statusCode() + " " + r.body());
        return false;
      }
      failures.add(name + " request " + id + ": not acknowledged in 60 s");
      return false;
    }

    byte[] batch(int id) {
      StringBuilder sb =
          new StringBuilder("{\"agent\":\"load-" + name + "\",\"batch\":" + id + ",\"samples\":[");
      for (int i = 0; i < SERIES; i++) {
        sb.append(i == 0 ? "" : ",")
            .append("{\"metric\":\"load_agent\",\"labels\":{\"w\":\"")
            .append(name)
            .append("\",\"i\":\"")
            .append(i)
            .append("\"},\"ts\":")
            .append(base + id)
            .append(",\"value\":")
            .append(id)
            .append('}');
      }
      return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] remoteWrite(int id) {
      PromWrite.Request request = PromWrite.request();
      for (int i = 0; i < SERIES; i++) {
        request.series(
            Map.of("__name__", "load_rw", "w", name, "i", String.valueOf(i)),
            base + id,
            (double) id);
      }
      return request.snappy();
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
