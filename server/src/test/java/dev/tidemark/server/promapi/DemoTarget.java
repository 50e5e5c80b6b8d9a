package dev.tidemark.server.promapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A scrape target that exposes the metric families the PromQL compliance queries ask for ({@code
 * demo_memory_usage_bytes}, {@code demo_num_cpus}, {@code demo_cpu_usage_seconds_total}, {@code
 * demo_disk_usage_bytes}, {@code demo_batch_last_success_timestamp_seconds}, {@code
 * demo_api_request_duration_seconds} as a classic histogram, {@code demo_intermittent_metric}),
 * with values that move with time: gauges that wander, counters that grow and sometimes reset, a
 * timestamp that jumps every 30 s, a series that comes and goes (so staleness markers are sent).
 * Values are a function of the wall clock and the instance, so three instances differ.
 */
final class DemoTarget implements AutoCloseable {
  private static final String[] MEMORY = {"free", "used", "buffers", "cached"};
  private static final String[] MODES = {"idle", "user", "system"};
  private static final double[] LE = {0.0001, 0.00015, 0.0002, 0.0003, 0.0005, 0.001, 0.005, 0.01};

  private final int index;
  private final HttpServer server;

  DemoTarget(int index) throws IOException {
    this.index = index;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              exposition(System.currentTimeMillis() / 1000.0).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String exposition(double now) {
    StringBuilder s = new StringBuilder();
    double phase = index * 1.7;
    s.append("# TYPE demo_num_cpus gauge\n");
    s.append("demo_num_cpus ").append(4 * (index + 1)).append('\n');
    s.append("# TYPE demo_memory_usage_bytes gauge\n");
    for (int i = 0; i < MEMORY.length; i++) {
      double v = 1e9 * (1 + i + 0.25 * Math.sin(now / (7 + i) + phase)) + 4096 * index;
      s.append("demo_memory_usage_bytes{type=\"")
          .append(MEMORY[i])
          .append("\"} ")
          .append(Math.round(v))
          .append('\n');
    }
    s.append("# TYPE demo_cpu_usage_seconds_total counter\n");
    for (int m = 0; m < MODES.length; m++) {
      double rate = 0.3 + 0.2 * m + 0.1 * index;
      // the "system" counter restarts every 40 s: resets() and rate() see the reset
      double since = m == 2 ? now % 40 : now - 1.7e9;
      double v = rate * since + 0.05 * Math.sin(now / 3 + m);
      s.append("demo_cpu_usage_seconds_total{mode=\"")
          .append(MODES[m])
          .append("\"} ")
          .append(Math.max(0, v))
          .append('\n');
    }
    s.append("# TYPE demo_disk_usage_bytes gauge\n");
    s.append("demo_disk_usage_bytes ")
        .append(2e10 + 12345.5 * (now % 90) + 1e6 * index + 777 * Math.sin(now))
        .append('\n');
    s.append("# TYPE demo_disk_total_bytes gauge\n");
    s.append("demo_disk_total_bytes 1.0e11\n");
    s.append("# TYPE demo_batch_last_success_timestamp_seconds gauge\n");
    s.append("demo_batch_last_success_timestamp_seconds ")
        .append(Math.floor((now - 5 * index) / 30) * 30)
        .append('\n');
    if (((long) (now / 20) + index) % 2 == 0) {
      s.append("# TYPE demo_intermittent_metric gauge\n");
      s.append("demo_intermittent_metric ").append(index + 1).append('\n');
    }
    histogram(s, now);
    return s.toString();
  }

  private void histogram(StringBuilder s, double now) {
    s.append("# TYPE demo_api_request_duration_seconds histogram\n");
    String[][] routes = {
      {"GET", "/api/foo", "200"}, {"POST", "/api/foo", "200"}, {"GET", "/api/bar", "500"}
    };
    for (int r = 0; r < routes.length; r++) {
      String labels =
          "method=\""
              + routes[r][0]
              + "\",path=\""
              + routes[r][1]
              + "\",status=\""
              + routes[r][2]
              + "\"";
      double elapsed = now - 1.7e9;
      double total = Math.floor(elapsed * (3 + r + index));
      double cumulative = 0;
      for (int b = 0; b < LE.length; b++) {
        double share = (b + 1.0) / (LE.length + 2) + 0.02 * Math.sin(now / 11 + b + r);
        cumulative = Math.max(cumulative, Math.floor(total * Math.min(1, share)));
        s.append("demo_api_request_duration_seconds_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(LE[b])
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      s.append("demo_api_request_duration_seconds_bucket{")
          .append(labels)
          .append(",le=\"+Inf\"} ")
          .append(total)
          .append('\n');
      s.append("demo_api_request_duration_seconds_sum{")
          .append(labels)
          .append("} ")
          .append(total * 0.0004)
          .append('\n');
      s.append("demo_api_request_duration_seconds_count{")
          .append(labels)
          .append("} ")
          .append(total)
          .append('\n');
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
