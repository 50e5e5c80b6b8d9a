package dev.tidemark.bench.peers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection that posts a body and reads the answer, blocking: the load generator's
 * client. It shares the machine's two cores with the system it measures, so it is kept to a socket
 * write and a read of the status, headers and body (by length, chunked or to the end), with no
 * selector threads, futures or per-request objects beyond the answer. A connection the server
 * closed is opened again once per request.
 */
final class RawHttp implements AutoCloseable {
  record Answer(int status, Map<String, String> headers, String body) {}

  private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final String host;
  private final int port;
  private final String path;
  private final byte[] head;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A connection for posts to {@code url} with the given extra header lines. */
  RawHttp(String url, String... headers) {
    URI u = URI.create(url);
    this.host = u.getHost();
    this.port = u.getPort();
    this.path = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    StringBuilder h = new StringBuilder();
    h.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':');
    h.append(port).append("\r\n");
    for (String line : headers) {
      h.append(line).append("\r\n");
    }
    h.append("Content-Length: ");
    this.head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  Answer post(byte[] body) throws IOException {
    boolean fresh = socket == null;
    try {
      return exchange(body);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      return exchange(body); // the server closed an idle connection: once more on a new one
    }
  }

  private Answer exchange(byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress(host, port), 10_000);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }
    out.write(head);
    out.write(Integer.toString(body.length).getBytes(StandardCharsets.ISO_8859_1));
    out.write(CRLF_CRLF);
    out.write(body);
    out.flush();
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    Map<String, String> headers = new HashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    String answer = body(code, headers);
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      close();
    }
    return new Answer(code, headers, answer);
  }

  private String body(int code, Map<String, String> headers) throws IOException {
    if (code == 204 || code == 304 || code / 100 == 1) {
      return "";
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    if (length != null) {
      copy(Long.parseLong(length), b);
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, b);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else {
      in.transferTo(b); // no length: the body ends with the connection
      close();
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private long chunkSize() throws IOException {
    String l = line();
    int semi = l.indexOf(';');
    return Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("the answer ended " + n + " bytes early");
      }
      to.write(buf, 0, r);
      n -= r;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection closed inside an answer");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
