package dev.tidemark.server.traces;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.traces.metrics.MetricMapper;
import dev.tidemark.traces.sampling.SamplingPolicy;
import dev.tidemark.traces.span.SpanRules;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** The traces module's typed settings, made from the server's configuration keys. */
public final class TraceConfig {
  private TraceConfig() {}

  public static SpanRules spanRules(Config config) {
    int maxAttributes = config.integer(ConfigKey.TRACES_MAX_ATTRIBUTES);
    return new SpanRules(
        maxAttributes,
        config.integer(ConfigKey.TRACES_MAX_ATTRIBUTE_LENGTH),
        maxAttributes,
        config.integer(ConfigKey.INGEST_MAX_VALUE_LENGTH),
        config.duration(ConfigKey.INGEST_MAX_SAMPLE_AGE),
        config.duration(ConfigKey.INGEST_MAX_SAMPLE_FUTURE),
        Clock.systemUTC());
  }

  public static SamplingPolicy sampling(Config config) {
    try {
      return SamplingPolicy.parse(
          config.string(ConfigKey.TRACES_SAMPLING),
          config.duration(ConfigKey.TRACES_SAMPLING_SLOW));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKey.TRACES_SAMPLING.key() + ": " + e.getMessage());
    }
  }

  public static MetricMapper metricMapper(Config config, SampleRules rules) {
    List<String> promoted =
        Arrays.stream(config.string(ConfigKey.OTLP_PROMOTE_RESOURCE_ATTRIBUTES).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    return new MetricMapper(rules, promoted);
  }
}
