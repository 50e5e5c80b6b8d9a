package dev.tidemark.releases.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The release domain's JSON tree: round trips, numbers as they came, errors with their line. */
class JsonTreeTest {
  @Test
  void roundTripKeepsOrderTypesAndNesting() {
    String text =
        "{\"b\":1,\"a\":[1,2.5,\"x\",true,null,{\"n\":9007199254740993}],\"c\":{\"d\":-0.0}}";
    JsonObject o = new JsonObject(text);
    assertThat(o.fieldNames()).containsExactly("b", "a", "c");
    assertThat(o.getValue("b")).isInstanceOf(Integer.class);
    assertThat(o.getJsonArray("a").getJsonObject(5).getLong("n")).isEqualTo(9007199254740993L);
    assertThat(o.getJsonArray("a").getDouble(1)).isEqualTo(2.5);
    assertThat(o.encode()).isEqualTo(text);
    assertThat(new JsonObject(o.encode())).isEqualTo(o);
    JsonObject copy = o.copy();
    copy.getJsonArray("a").add(3);
    assertThat(o.getJsonArray("a").size()).isEqualTo(6);
  }

  @Test
  void mapsAndListsBecomeObjectsAndArraysNonFiniteNumbersNull() {
    JsonObject o =
        new JsonObject(Map.of("m", Map.of("k", List.of(1, "two"))))
            .put("nan", Double.NaN)
            .put("f", 1.5f);
    assertThat(o.getJsonObject("m").getJsonArray("k").getString(1)).isEqualTo("two");
    assertThat(o.encode()).contains("\"nan\":null").contains("\"f\":1.5");
  }

  @Test
  void errorsNameTheLineAndNothingElseEscapes() {
    assertThatThrownBy(() -> new JsonObject("{\n\"a\": 1,\n\"b\": }"))
        .isInstanceOfSatisfying(JsonException.class, e -> assertThat(e.line()).isEqualTo(3));
    assertThatThrownBy(() -> new JsonObject("[1]"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> new JsonObject("{} {}")).hasMessageContaining("trailing content");
    assertThatThrownBy(() -> new JsonObject("[".repeat(5000))).isInstanceOf(JsonException.class);
    Random r = new Random(3);
    String valid = "{\"a\":[1,{\"b\":\"c\\u00e9\"},2.5e3],\"d\":false}";
    for (int i = 0; i < 2000; i++) {
      char[] t = valid.substring(0, r.nextInt(valid.length())).toCharArray();
      if (t.length > 0 && r.nextBoolean()) {
        t[r.nextInt(t.length)] = (char) r.nextInt(128);
      }
      try {
        new JsonObject(new String(t));
      } catch (JsonException expected) {
        // the only failure allowed
      }
    }
  }
}
