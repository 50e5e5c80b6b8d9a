package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import java.util.List;

/**
 * A parsed write: valid samples, rejected lines or fields, how many string fields were skipped
 * (Tidemark stores numbers only), and whether a line took the server's time for want of its own.
 */
record ParsedLines(
    List<Sample> samples, List<Rejection> rejections, int stringFields, boolean untimed) {}
