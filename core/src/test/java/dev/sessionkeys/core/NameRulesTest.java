package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The hand-written name checks say exactly what the regular expressions they replace say. */
class NameRulesTest {

  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,200}");
  private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @Property(tries = 3000)
  void agreeWithTheRegularExpressionsOnShortStrings(
      @ForAll
          @StringLength(max = 12)
          @CharRange(from = 'a', to = 'c')
          @CharRange(from = 'X', to = 'Z')
          @CharRange(from = '0', to = '2')
          @Chars({'-', '.', '_', ' '})
          String text) {
    assertThat(NameRules.isEnvironmentName(text))
        .as(text)
        .isEqualTo(ENVIRONMENT.matcher(text).matches());
    assertThat(NameRules.isGroup(text)).as(text).isEqualTo(GROUP.matcher(text).matches());
    assertThat(NameRules.isDnsLabel(text)).as(text).isEqualTo(DNS_LABEL.matcher(text).matches());
    assertThat(NameRules.isDnsSubdomain(text))
        .as(text)
        .isEqualTo(DNS_SUBDOMAIN.matcher(text).matches());
  }

  @Test
  void agreeAtTheLengthLimits() {
    for (String text :
        new String[] {
          "A".repeat(201),
          "A".repeat(202),
          "a".repeat(31),
          "a".repeat(32),
          "",
          ".",
          "a.",
          ".a",
          "a..b",
          "a-.b",
          "a.-b",
          "0",
          "_",
          "9lives",
          "x-",
          "-x"
        }) {
      assertThat(NameRules.isEnvironmentName(text))
          .as(text)
          .isEqualTo(ENVIRONMENT.matcher(text).matches());
      assertThat(NameRules.isGroup(text)).as(text).isEqualTo(GROUP.matcher(text).matches());
      assertThat(NameRules.isDnsLabel(text)).as(text).isEqualTo(DNS_LABEL.matcher(text).matches());
      assertThat(NameRules.isDnsSubdomain(text))
          .as(text)
          .isEqualTo(DNS_SUBDOMAIN.matcher(text).matches());
    }
  }
}
