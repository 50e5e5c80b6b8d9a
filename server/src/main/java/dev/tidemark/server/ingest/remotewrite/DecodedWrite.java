package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import java.util.List;

/**
 * A decoded write request: the valid samples (staleness markers among them: Prometheus sends one
 * when a series disappears), the rejected ones, and how many markers there are.
 */
record DecodedWrite(List<Sample> samples, List<Rejection> rejections, int staleMarkers) {}
