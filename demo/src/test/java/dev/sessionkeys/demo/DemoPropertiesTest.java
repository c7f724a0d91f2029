package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a browser sends as the session cookie, the demo answers with a page (the sign-in page
 * unless the cookie is genuine), never an error; and whatever name a user signs in with, the page
 * shows it escaped.
 */
class DemoPropertiesTest {

  private static DemoServer demo;
  private static String validCookie;

  @BeforeContainer
  static void start() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    demo =
        DemoServer.start(
            DemoOptions.defaults().withPort(0).withEnvironment(keys).withConsole(line -> {}));
    Visitor visitor = new Visitor();
    visitor.signIn(demo.uri(), "Property");
    validCookie = visitor.cookie();
  }

  @AfterContainer
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Property(tries = 100)
  void anyCookieValueGetsAPageNeverAnError(@ForAll("cookieValues") String value) throws Exception {
    Visitor browser = new Visitor();
    browser.cookie(value);
    Visitor.Page page = browser.get(demo.uri());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.isSignInPage()).isTrue();
    assertThat(page.body()).doesNotContain("Something went wrong");
  }

  @Property(tries = 100)
  void aValidCookieWithOneCharacterChangedIsRefused(
      @ForAll("positions") int position, @ForAll("base64Chars") char replacement) throws Exception {
    String cookie = validCookie;
    int i = position % cookie.length();
    String changed = cookie.substring(0, i) + replacement + cookie.substring(i + 1);
    Visitor browser = new Visitor();
    browser.cookie(changed);
    Visitor.Page page = browser.get(demo.uri());
    assertThat(page.status()).isEqualTo(200);
    if (changed.equals(cookie)) {
      assertThat(page.text("user")).isEqualTo("Property");
    } else {
      assertThat(page.isSignInPage()).as("position %d", i).isTrue();
      assertThat(browser.cookie()).as("cleared").isNull();
    }
  }

  @Property(tries = 100)
  void anyAcceptedNameIsShownEscaped(@ForAll("names") String name) throws Exception {
    Visitor browser = new Visitor();
    Visitor.Page posted = browser.signIn(demo.uri(), name);
    if (posted.status() != 303) {
      assertThat(posted.status()).isEqualTo(400);
      assertThat(DemoApp.nameProblem(name.strip())).isNotNull();
      return;
    }
    Visitor.Page page = browser.get(demo.uri());
    assertThat(page.text("user")).isEqualTo(Html.escape(name.strip()));
    String userElement = page.body().substring(page.body().indexOf("id=\"user\">") + 10);
    assertThat(userElement.substring(0, userElement.indexOf("</strong>")))
        .doesNotContain("<", ">", "\"");
  }

  @Provide
  Arbitrary<String> cookieValues() {
    // What a Cookie header can carry: printable ASCII without the separators.
    Arbitrary<String> printable =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .excludeChars(';', ',', '"', '\\')
            .ofMinLength(0)
            .ofMaxLength(5000);
    Arbitrary<String> base64ish =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=|")
            .ofMaxLength(400);
    return Arbitraries.oneOf(printable, base64ish);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  Arbitrary<Character> base64Chars() {
    return Arbitraries.chars()
        .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=".toCharArray());
  }

  @Provide
  Arbitrary<String> names() {
    // Well-formed text only: a browser cannot send a lone surrogate (UTF-8 has none), so neither
    // does the test.
    return Arbitraries.oneOf(
            Arbitraries.strings()
                .withChars("<>&\"' abc/=;éß\uD83D\uDE42")
                .ofMinLength(1)
                .ofMaxLength(70),
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(70))
        .filter(s -> java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s));
  }
}
