package dev.tidemark.agent.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client for plain {@code http://}, one kept-alive connection, for the agent's
 * two callers (the shipper's POSTs, the scraper's GETs), each on its own thread. Why not {@code
 * java.net.http.HttpClient}: building one initialises TLS whether or not it is used (the default
 * SSLContext loads the CA certificates) and starts a selector thread; with its ~700 classes that
 * was ~10 MB of the agent's resident memory. {@code https://} still goes through it.
 */
public final class PlainHttp implements AutoCloseable {
  private static final int MAX_HEADER = 64 << 10;

  /** A response: status, headers (lower-case names), body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Duration connectTimeout;
  private volatile Socket socket;
  private String socketKey;
  private InputStream in;
  private OutputStream out;

  public PlainHttp(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Sends one request and reads its answer (up to {@code maxBody} bytes). {@code headers}: name,
   * value, name, value … A request on a kept-alive connection that the server had closed is sent
   * once more on a new one.
   */
  public synchronized Response exchange(
      String method, URI uri, byte[] body, Duration timeout, long maxBody, String... headers)
      throws IOException {
    boolean reused = socket != null && (uri.getHost() + ":" + port(uri)).equals(socketKey);
    try {
      return once(method, uri, body, timeout, maxBody, headers);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      return once(method, uri, body, timeout, maxBody, headers);
    }
  }

  private Response once(
      String method, URI uri, byte[] body, Duration timeout, long maxBody, String... headers)
      throws IOException {
    connect(uri);
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    StringBuilder req = new StringBuilder(256);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    req.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    req.append("Host: ").append(uri.getHost()).append(':').append(port(uri)).append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (body != null) {
      req.append("Content-Length: ").append(body.length).append("\r\n");
    }
    req.append("\r\n");
    out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
    return read(maxBody);
  }

  private void connect(URI uri) throws IOException {
    String key = uri.getHost() + ":" + port(uri);
    if (socket != null && key.equals(socketKey) && !socket.isClosed()) {
      return;
    }
    close();
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(
        new InetSocketAddress(uri.getHost(), port(uri)),
        (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    socket = s;
    socketKey = key;
    in = new BufferedInputStream(s.getInputStream(), 16 << 10);
    out = s.getOutputStream();
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : 80;
  }

  private Response read(long maxBody) throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("cannot read response: not HTTP/1.x [line=" + brief(status) + "]");
    }
    int code;
    try {
      code = Integer.parseInt(status.substring(9, 12));
    } catch (RuntimeException e) {
      throw new IOException("cannot read response: bad status line [line=" + brief(status) + "]");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    for (String h = line(); !h.isEmpty(); h = line()) {
      total += h.length();
      if (total > MAX_HEADER) {
        throw new IOException("cannot read response: headers over " + MAX_HEADER + " bytes");
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String chunked = headers.getOrDefault("transfer-encoding", "");
    String length = headers.get("content-length");
    if (chunked.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked(maxBody);
    } else if (length != null) {
      long n = Long.parseLong(length.trim());
      if (n > maxBody) {
        throw new IOException("cannot read response: body over " + maxBody + " bytes");
      }
      body = in.readNBytes((int) n);
      if (body.length != n) {
        throw new IOException("cannot read response: connection closed mid-body");
      }
    } else if (code == 204 || code == 304 || code < 200) {
      body = new byte[0];
    } else { // read to the end of the connection
      body = upTo(in, maxBody);
      close();
    }
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      close();
    }
    return new Response(code, headers, body);
  }

  private byte[] chunked(long maxBody) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semi = size.indexOf(';');
      long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return b.toByteArray();
      }
      if (b.size() + n > maxBody) {
        throw new IOException("cannot read response: body over " + maxBody + " bytes");
      }
      byte[] chunk = in.readNBytes((int) n);
      if (chunk.length != n) {
        throw new IOException("cannot read response: connection closed mid-chunk");
      }
      b.write(chunk);
      line();
    }
  }

  private static byte[] upTo(InputStream in, long max) throws IOException {
    byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (b.length > max) {
      throw new IOException("cannot read response: body over " + max + " bytes");
    }
    return b;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("cannot read response: connection closed");
      }
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      if (sb.length() > MAX_HEADER) {
        throw new IOException("cannot read response: line over " + MAX_HEADER + " bytes");
      }
      sb.append((char) c);
    }
  }

  private static String brief(String s) {
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  /** Closes the connection; not synchronized, so it also unblocks an exchange in progress. */
  @Override
  public void close() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
    socket = null;
  }
}
