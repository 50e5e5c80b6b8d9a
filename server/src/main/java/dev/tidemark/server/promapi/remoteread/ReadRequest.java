package dev.tidemark.server.promapi.remoteread;

import dev.tidemark.query.source.LabelMatcher;
import java.util.List;

/**
 * A decoded remote_read {@code ReadRequest}: its queries, each a time range (epoch ms, both ends
 * included) and label matchers ({@code __name__} among them).
 */
record ReadRequest(List<Query> queries) {

  record Query(long start, long end, List<LabelMatcher> matchers) {}
}
