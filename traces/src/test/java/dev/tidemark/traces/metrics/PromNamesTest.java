package dev.tidemark.traces.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromNamesTest {
  @Test
  void namesAsPrometheusOtlpReceiverWritesThem() {
    assertThat(PromNames.metric("http.server.request.duration", "s", false, false))
        .isEqualTo("http_server_request_duration_seconds");
    assertThat(PromNames.metric("checkout.requests", "{request}", false, true))
        .isEqualTo("checkout_requests_total");
    assertThat(PromNames.metric("system.cpu.utilization", "1", true, false))
        .isEqualTo("system_cpu_utilization_ratio");
    assertThat(PromNames.metric("net.io", "By/s", true, false))
        .isEqualTo("net_io_bytes_per_second");
    assertThat(PromNames.metric("jvm.memory.used", "By", true, false))
        .isEqualTo("jvm_memory_used_bytes");
    assertThat(PromNames.label("http.route")).isEqualTo("http_route");
    assertThat(PromNames.label("0day")).isEqualTo("key_0day");
    assertThat(MetricMapper.le(0.005)).isEqualTo("0.005");
    assertThat(MetricMapper.le(10)).isEqualTo("10");
  }
}
