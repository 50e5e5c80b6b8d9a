package dev.tidemark.bench.ingest;

import dev.tidemark.bench.Table;
import dev.tidemark.bench.peers.Load;
import dev.tidemark.bench.peers.WriteBodies;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How far one database goes: the same remote_write load (pre-encoded bodies of 1,000 samples, four
 * connections in all) stored by one server, then by two servers on one database (each its own
 * write-ahead queue and storage writer; body {@code i} to server {@code i % 2}, two connections
 * each). The figure is samples per second acknowledged <em>and</em> stored (every write-ahead lag
 * back to 0), so it counts what the database took, not what the queues absorbed. Two runs each,
 * alternating, best kept: on a shared machine the order alone moves a run. On one machine both
 * servers and the database share its cores: the ratio says whether a second server finds room the
 * first left, not how a second machine would scale.
 */
public final class ServersBench {
  private static final int SERIES = 10_000;
  private static final int PER_BODY = 1000;
  private static final int CONNECTIONS = 4;

  private final Supplier<String> databases;
  private final int rows;

  public ServersBench(Supplier<String> databases, int rows) {
    this.databases = databases;
    this.rows = rows;
  }

  public void run(Table table) throws Exception {
    int rounds = Math.max(1, rows / SERIES);
    long step = 10_000;
    long start = System.currentTimeMillis() - rounds * step - 60_000;
    List<byte[]> bodies =
        WriteBodies.encode("servers_bench", SERIES, rounds, PER_BODY, start, step);
    long samples = (long) bodies.size() * PER_BODY;
    System.out.printf(
        Locale.ROOT, "  %d samples, %d series, %d bodies%n", samples, SERIES, bodies.size());
    double one = 0;
    double two = 0;
    for (int round = 0; round < 2; round++) {
      one = Math.max(one, storedPerSecond(1, bodies));
      two = Math.max(two, storedPerSecond(2, bodies));
    }
    table.add(
        "remote_write stored, 2 servers on one database, samples/s",
        rate(two),
        "1 server " + rate(one),
        two / one,
        "> 1 while the database has room");
  }

  private double storedPerSecond(int count, List<byte[]> bodies) throws Exception {
    String url = databases.get();
    List<Tidemark> servers = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        servers.add(TestServer.start(url, Map.of(ConfigKey.RELEASES_SCORING_INTERVAL, "0s")));
      }
      long t0 = System.nanoTime();
      List<Thread> senders = new ArrayList<>();
      long[] acked = new long[count];
      for (int i = 0; i < count; i++) {
        int k = i;
        List<byte[]> mine = new ArrayList<>();
        for (int b = k; b < bodies.size(); b += count) {
          mine.add(bodies.get(b));
        }
        String target = "http://127.0.0.1:" + servers.get(k).port() + "/api/v1/write";
        Thread t =
            new Thread(
                () -> {
                  try {
                    acked[k] =
                        Load.send(target, mine, PER_BODY, CONNECTIONS / count, 0).ackedSamples();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "servers-bench-" + k);
        t.start();
        senders.add(t);
      }
      for (Thread t : senders) {
        t.join();
      }
      for (Tidemark s : servers) {
        while (s.writer().lagEntries() > 0) {
          Thread.sleep(10);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long total = 0;
      for (long a : acked) {
        total += a;
      }
      double perSecond = total / seconds;
      System.out.printf(
          Locale.ROOT,
          "  %d server(s): %d samples stored in %.1f s = %s samples/s%n",
          count,
          total,
          seconds,
          rate(perSecond));
      return perSecond;
    } finally {
      servers.forEach(Tidemark::close);
    }
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }
}
