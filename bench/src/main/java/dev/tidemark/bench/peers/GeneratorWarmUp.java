package dev.tidemark.bench.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Warms the load generator itself before the first system is measured: it sends the phase's bodies
 * to a sink in this process that reads each one and answers 204, until a pass spends little of its
 * time compiling. The generator shares the two cores with the system it measures, so its JIT must
 * not run through one system's phases and not the next's: with the JDK's HTTP client, before {@link
 * RawHttp}, it compiled through the first system's phases at 25–50% of a core, and the same two
 * systems swapped in order moved their until-queryable figures by 20–30% each.
 */
final class GeneratorWarmUp {
  /**
   * The bodies are sent again until a pass spends less than this share of its time compiling (JIT
   * time as the JVM counts it), at most {@link #MAX_PASSES} times.
   */
  static final double QUIET = 0.05;

  static final int MAX_PASSES = 40;

  private GeneratorWarmUp() {}

  static void run(List<byte[]> bodies, int samplesPerBody, int connections) throws Exception {
    HttpServer sink =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService threads = Executors.newFixedThreadPool(connections);
    sink.setExecutor(threads);
    sink.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            drain(in);
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    sink.start();
    try {
      String url = "http://127.0.0.1:" + sink.getAddress().getPort() + "/api/v1/write";
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      long t0 = System.nanoTime();
      long sent = 0;
      double compiling = 1;
      int passes = 0;
      while (compiling >= QUIET && passes < MAX_PASSES) {
        long compiled = jit.getTotalCompilationTime();
        long start = System.nanoTime();
        sent += Load.send(url, bodies, samplesPerBody, connections, 0).ackedSamples();
        compiling =
            (jit.getTotalCompilationTime() - compiled) / ((System.nanoTime() - start) / 1e6);
        passes++;
      }
      System.out.printf(
          Locale.ROOT,
          "  load generator warmed: %,d bodies to a sink in this process in %.1f s, the last %,d"
              + " with %.0f%% of their time compiling%n",
          sent / samplesPerBody,
          (System.nanoTime() - t0) / 1e9,
          bodies.size(),
          compiling * 100);
    } finally {
      sink.stop(0);
      threads.shutdownNow();
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (in.read(buf) >= 0) {
      // the body is read and dropped
    }
  }
}
