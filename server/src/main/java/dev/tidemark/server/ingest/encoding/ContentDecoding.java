package dev.tidemark.server.ingest.encoding;

import dev.tidemark.server.http.Errors;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Inflates {@code Content-Encoding: gzip} (Telegraf's default) and {@code deflate} request bodies
 * after the body handler, on a worker thread, up to the body limit (413 past it, so a small bomb
 * cannot fill the heap). Any other encoding passes through for the route's handler to judge.
 *
 * <p>Why not the HTTP server's own decompression: Netty's decoder also claims {@code
 * Content-Encoding: snappy} and reads it as snappy's framed format, while Prometheus remote_write
 * sends snappy's block format under that same header; the request then fails before any handler
 * sees it. So the server leaves bodies as sent, and each ingest route mounts this handler instead.
 */
public final class ContentDecoding implements Handler<RoutingContext> {
  private final long maxBytes;

  private ContentDecoding(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public static ContentDecoding upTo(long maxBytes) {
    return new ContentDecoding(maxBytes);
  }

  /** True for encodings this handler inflates (and for none at all). */
  public static boolean handles(String encoding) {
    String e = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
    return e.isEmpty() || e.equals("identity") || gzip(e) || e.equals("deflate");
  }

  private static boolean gzip(String e) {
    return e.equals("gzip") || e.equals("x-gzip");
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Content-Encoding");
    String encoding = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
    Buffer body = ctx.body().buffer();
    if (!(gzip(encoding) || encoding.equals("deflate")) || body == null || body.length() == 0) {
      ctx.next();
      return;
    }
    byte[] compressed = body.getBytes();
    ctx.vertx()
        .executeBlocking(() -> inflate(compressed, gzip(encoding), maxBytes), false)
        .onSuccess(
            inflated -> {
              ((RoutingContextInternal) ctx).setBody(Buffer.buffer(inflated));
              ctx.next();
            })
        .onFailure(
            e -> {
              if (e instanceof TooLarge) {
                Errors.respond(
                    ctx,
                    413,
                    "cannot read body: it inflates past the limit [maxBytes=" + maxBytes + "]");
              } else {
                Errors.respond(
                    ctx,
                    400,
                    "cannot inflate body: it is not valid "
                        + encoding
                        + " ["
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "]");
              }
            });
  }

  static byte[] inflate(byte[] compressed, boolean gzip, long maxBytes) throws IOException {
    try (InputStream in =
        gzip
            ? new GZIPInputStream(new ByteArrayInputStream(compressed))
            : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
      byte[] chunk = new byte[64 * 1024];
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (out.size() + (long) n > maxBytes) {
          throw new TooLarge();
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
