package dev.tidemark.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Several servers behind one loopback address, as a TCP load balancer puts them: each client
 * connection goes to the next backend in turn, and to the one after it when a backend refuses the
 * connection (stopped or restarting). Bytes are piped both ways; when either side closes, so does
 * the other. No health checks: a stopped server is noticed by its refused connections alone.
 */
public final class RoundRobinProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLongArray connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RoundRobinProxy(ServerSocket listener, List<Integer> backends) {
    this.listener = listener;
    this.backends = new CopyOnWriteArrayList<>(backends);
    this.connections = new AtomicLongArray(backends.size());
  }

  /** Listens on a free loopback port in front of servers on {@code ports}. */
  public static RoundRobinProxy start(int... ports) throws IOException {
    ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    RoundRobinProxy proxy =
        new RoundRobinProxy(listener, java.util.Arrays.stream(ports).boxed().toList());
    Thread accept = new Thread(proxy::accept, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Backend {@code i} now listens on {@code port} (a server restarted elsewhere). */
  public void backend(int i, int port) {
    backends.set(i, port);
  }

  /** Client connections handed to backend {@code i} so far. */
  public long connections(int i) {
    return connections.get(i);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(() -> connect(client), "proxy-connect");
      t.setDaemon(true);
      t.start();
    }
  }

  private void connect(Socket client) {
    int start = Math.floorMod(next.getAndIncrement(), backends.size());
    for (int k = 0; k < backends.size(); k++) {
      int i = (start + k) % backends.size();
      Socket backend = new Socket();
      try {
        backend.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(i)), 2000);
      } catch (IOException refused) {
        quietly(backend);
        continue; // the next one
      }
      connections.incrementAndGet(i);
      open.add(client);
      open.add(backend);
      pipe(client, backend, "proxy-up");
      pipe(backend, client, "proxy-down");
      return;
    }
    quietly(client); // none answers: the client sees its connection closed
  }

  private void pipe(Socket from, Socket to, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                }
              } catch (IOException gone) {
                // one side went away
              } finally {
                quietly(from);
                quietly(to);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  private void quietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    open.forEach(this::quietly);
  }
}
