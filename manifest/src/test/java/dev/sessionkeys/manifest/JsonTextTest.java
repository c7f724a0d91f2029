package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void quotesWhatJsonMustEscape() {
    assertThat(JsonText.quote("a\"b\\c\nd\re\tf\u0001g\u001fh\u2028i\u2029j é😀 /"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\\u2028i\\u2029j é😀 /\"");
    assertThat(JsonText.quote(" ~")).isEqualTo("\" ~\"");
    assertThat(JsonText.quote("")).isEqualTo("\"\"");
  }
}
