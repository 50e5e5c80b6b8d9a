package dev.tidemark.server.ingest.influx;

import java.util.List;
import java.util.Map;

/**
 * One parsed line: {@code measurement,tag=v field=1.5,other=2i 1700000000000000000}. Field values
 * are numbers already (integers, unsigned and booleans as doubles); string fields are {@code null}.
 * {@code timestamp} is null when the line has none.
 */
record Line(String measurement, Map<String, String> tags, List<Field> fields, Long timestamp) {
  record Field(String key, Double value) {}
}
