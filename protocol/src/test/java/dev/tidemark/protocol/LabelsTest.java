package dev.tidemark.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void orderDoesNotMatterAndEmptyValuesAreAbsent() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("zone", "z");
    map.put("app", "a");
    map.put("empty", "");
    map.put("mid", "m");
    Labels labels = Labels.of(map);
    assertThat(labels).isEqualTo(Labels.of("app", "a", "mid", "m", "zone", "z"));
    assertThat(labels.canonical()).isEqualTo("{\"app\": \"a\", \"mid\": \"m\", \"zone\": \"z\"}");
    assertThat(labels.get("empty")).isNull();
    assertThat(Labels.of(Map.of())).isSameAs(Labels.empty());
  }

  @Test
  void fromPairsSortsOnlyWhenNeeded() {
    assertThat(Labels.fromPairs(new String[] {"b", "2", "a", "1", "c", "3"}, 6))
        .isEqualTo(Labels.of("a", "1", "b", "2", "c", "3"));
    assertThat(Labels.fromPairs(new String[] {"a", "1", "b", "2", "x", "y"}, 4).size())
        .isEqualTo(2);
  }

  @Test
  void canonicalFormEscapesLikeJson() {
    assertThat(Labels.of("q", "say \"hi\"\n").canonical())
        .isEqualTo("{\"q\": \"say \\\"hi\\\"\\n\"}");
  }
}
