package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64Url} refuses a character outside the alphabet in every position of a quantum, next
 * to valid ones, with and without padding; and what it accepts decodes as the JDK decodes it.
 */
class Base64UrlStrictnessTest {

  static byte[] decode(String s) {
    return Base64Url.decode(s);
  }

  @Test
  void aBadCharacterInAnyPositionOfAQuantumIsRefused() {
    for (String bad : new String[] {"*", "+", "/", "=", "\u00e9", "\t", " "}) {
      for (String valid : new String[] {"A", "_", "Q"}) {
        for (int pos = 0; pos < 4; pos++) {
          char[] quantum = valid.repeat(4).toCharArray();
          quantum[pos] = bad.charAt(0);
          String q = new String(quantum);
          if (pos < 3 || !bad.equals("=")) {
            assertThat(decode(q)).as("%s", q).isNull();
            assertThat(decode("AAAA" + q)).as("AAAA%s", q).isNull();
          }
        }
        // The quantum before the padding: two characters with "==", three with "=".
        for (String padded :
            new String[] {
              bad + valid + "==",
              valid + bad + "==",
              bad + "AA=",
              "A" + bad + "A=",
              "AA" + bad + "="
            }) {
          // "AA" + "=" + "=" is the valid padding of one byte.
          if (!(bad.equals("=") && padded.equals("AA=="))) {
            assertThat(decode(padded)).as("%s", padded).isNull();
            assertThat(decode("AAAA" + padded)).as("AAAA%s", padded).isNull();
          }
        }
      }
    }
  }

  @Test
  void nonZeroBitsBeforeThePaddingAreRefused() {
    // "AQ==" is the canonical form of one byte 0x01; "AR==" has four stray bits.
    assertThat(decode("AQ==")).containsExactly(1);
    assertThat(decode("AR==")).isNull();
    assertThat(decode("AQE=")).containsExactly(1, 1);
    assertThat(decode("AQF=")).isNull();
  }

  @Test
  void whatIsAcceptedDecodesAsTheJdkDoes() {
    for (String s :
        List.of("", "AAAA", "____", "-_-_", "AQ==", "AQI=", "AQID", "AQIDBA==", "_-8A", "//8=")) {
      byte[] mine = decode(s);
      if (s.contains("/")) {
        assertThat(mine).as(s).isNull();
        continue;
      }
      assertThat(mine).as(s).isEqualTo(Base64.getUrlDecoder().decode(s));
    }
    // Unpadded or wrongly padded lengths.
    for (String s : List.of("A", "AA", "AAA", "AAAAA", "AQ=", "A===")) {
      assertThat(decode(s)).as(s).isNull();
    }
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    for (int n = 0; n <= 5; n++) {
      byte[] part = java.util.Arrays.copyOf(all, n);
      String enc = Base64.getUrlEncoder().encodeToString(part);
      assertThat(decode(enc)).isEqualTo(part);
      assertThat(new String(Base64Url.encode(part, 0, n), StandardCharsets.US_ASCII))
          .isEqualTo(enc);
      assertThat(Base64Url.encodedLength(n)).isEqualTo(enc.length());
    }
    assertThat(decode(Base64.getUrlEncoder().encodeToString(all))).isEqualTo(all);
    // A slice encodes as the bytes it covers.
    assertThat(new String(Base64Url.encode(all, 250, 5), StandardCharsets.US_ASCII))
        .isEqualTo(
            Base64.getUrlEncoder().encodeToString(java.util.Arrays.copyOfRange(all, 250, 255)));
  }
}
