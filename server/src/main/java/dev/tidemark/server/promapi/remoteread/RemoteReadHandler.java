package dev.tidemark.server.promapi.remoteread;

import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import dev.tidemark.server.promapi.PromStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/read}: Prometheus remote_read with sampled responses, so a Prometheus can use
 * Tidemark as its long-term store ({@code remote_read: [{url: …/api/v1/read}]}). Each query reads
 * the raw samples of the series its matchers select with {@code start <= t <= end}, through the
 * same evaluation path as PromQL ({@code selector[end - start]} at {@code end}), so the samples
 * budget and the query limits apply. Bad requests are 400 with a message; failures while reading
 * are 422 or 503 as for queries.
 */
public final class RemoteReadHandler {
  private final PromStorage storage;

  public RemoteReadHandler(PromStorage storage) {
    this.storage = storage;
  }

  public void handle(RoutingContext ctx) {
    ReadRequest request;
    try {
      Buffer body = ctx.body().buffer();
      request = ReadRequestDecoder.decode(body == null ? new byte[0] : body.getBytes());
      for (ReadRequest.Query q : request.queries()) {
        if (q.end() < q.start()) {
          throw new IllegalArgumentException(
              "cannot read series: end is before start [start="
                  + q.start()
                  + ", end="
                  + q.end()
                  + "]");
        }
      }
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end(e.getMessage());
      return;
    }
    if (storage == null) {
      ctx.response()
          .setStatusCode(503)
          .putHeader("Content-Type", "text/plain")
          .end("cannot read series: no data source is wired yet");
      return;
    }
    List<Future<PromResult>> parts = new ArrayList<>();
    for (ReadRequest.Query q : request.queries()) {
      Expr e = selector(q);
      parts.add(
          storage.evaluate(
              source ->
                  PromQl.over(source, storage.maxSamples(), storage.budget()).instant(e, q.end())));
    }
    Future.all(parts)
        .onSuccess(
            all -> {
              List<List<PromResult.Series>> results = new ArrayList<>();
              for (int i = 0; i < parts.size(); i++) {
                results.add(((PromResult.Matrix) all.<PromResult>resultAt(i)).series());
              }
              ctx.response()
                  .putHeader("Content-Type", "application/x-protobuf")
                  .putHeader("Content-Encoding", "snappy")
                  .end(Buffer.buffer(ReadResponseEncoder.encode(results)));
            })
        .onFailure(
            t -> {
              boolean later =
                  t instanceof dev.tidemark.query.promql.PromQlException e
                      && e.kind() == dev.tidemark.query.promql.PromQlException.Kind.UNAVAILABLE;
              boolean refused =
                  t instanceof dev.tidemark.query.promql.PromQlException
                      || t instanceof dev.tidemark.query.lang.QueryException;
              int status = refused && !later ? 422 : 503;
              if (later) {
                ctx.response().putHeader("Retry-After", "1");
              }
              ctx.response()
                  .setStatusCode(status)
                  .putHeader("Content-Type", "text/plain")
                  .end(String.valueOf(t.getMessage()));
            });
  }

  /** {@code {matchers}[end - start]}; an equality on {@code __name__} names the metric. */
  static Expr selector(ReadRequest.Query q) {
    String metric = null;
    List<LabelMatcher> others = new ArrayList<>();
    for (LabelMatcher m : q.matchers()) {
      if (metric == null && m.name().equals("__name__") && m.op() == MatchOp.EQ) {
        metric = m.value();
      } else {
        others.add(m);
      }
    }
    return new Expr.RangeSelector(
        new Expr.Selector(metric, others, Duration.ZERO), Duration.ofMillis(q.end() - q.start()));
  }
}
