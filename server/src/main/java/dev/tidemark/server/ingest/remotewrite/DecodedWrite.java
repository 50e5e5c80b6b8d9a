package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import java.util.List;

/**
 * A decoded write request: the valid samples, the rejected ones, and the stale markers that were
 * dropped (Prometheus sends them when a series disappears; Tidemark does not store them).
 */
record DecodedWrite(List<Sample> samples, List<Rejection> rejections, int staleMarkers) {}
