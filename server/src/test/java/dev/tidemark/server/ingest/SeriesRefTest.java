package dev.tidemark.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Labels;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** A series' write-ahead form is what Chronicle's own stop-bit and byte writes make of it. */
class SeriesRefTest {
  @Test
  void walFormIsChronicleStopBitEncoding() {
    String longValue = "é".repeat(300); // 600 bytes: a two-byte length
    Labels labels = Labels.of("host", "h1", "long", longValue, "zone", "日本");
    Bytes<byte[]> b = Bytes.allocateElasticOnHeap(64);
    write(b, "metric_name");
    b.writeStopBit(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      write(b, labels.name(i));
      write(b, labels.value(i));
    }
    assertThat(new SeriesRef("metric_name", labels).walForm()).isEqualTo(b.toByteArray());
    assertThat(SeriesRef.walForm("m".repeat(500), Labels.empty()))
        .hasSize(2 + 500 + 1); // a long metric: the buffer grows
  }

  private static void write(Bytes<?> b, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    b.writeStopBit(utf8.length);
    b.write(utf8);
  }
}
