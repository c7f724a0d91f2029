package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieOptions.SameSite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieSessionStoreTest {

  static final Clock T0 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  static CookieSessionStore store(CookieOptions options) {
    SecureCookie codec =
        SecureCookie.builder(GoInteropTest.HASH, GoInteropTest.BLOCK).clock(T0).build();
    return CookieSessionStore.of(codec, options).withClock(T0);
  }

  @Test
  void safeDefaultsOnTopOfGorillas() {
    assertThat(CookieOptions.secureDefaults())
        .isEqualTo(new CookieOptions("/", "", 2_592_000, true, true, SameSite.LAX));
    assertThat(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", "true")).secure())
        .isFalse();
    assertThat(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", "false")).secure())
        .isTrue();
    assertThat(CookieOptions.gorillaDefaults())
        .isEqualTo(new CookieOptions("/", "", 2_592_000, false, false, SameSite.UNSET));
  }

  @Test
  void setCookieHasGosAttributeOrderAndFormats() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    Session s = store.newSession("insights");
    s.values().put("user", "alice");
    String header = store.save(s);
    String value = header.substring("insights=".length(), header.indexOf(';'));
    assertThat(header)
        .isEqualTo(
            "insights="
                + value
                + "; Path=/; Expires=Thu, 14 Dec 2023 22:13:20 GMT; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax");
    s.options(
        CookieOptions.gorillaDefaults()
            .withDomain(".example.com")
            .withPath("/app")
            .withMaxAgeSeconds(-1)
            .withSameSite(SameSite.STRICT));
    assertThat(store.save(s))
        .endsWith(
            "; Path=/app; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; SameSite=Strict");
    s.options(s.options().withMaxAgeSeconds(0).withSameSite(SameSite.NONE).withSecure(true));
    assertThat(store.save(s)).endsWith("; Path=/app; Domain=example.com; Secure; SameSite=None");
  }

  @Test
  void deleteClearsTheCookieWithTheStoresPathDomainAndFlags() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    assertThat(store.delete("insights"))
        .isEqualTo(
            "insights=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT;"
                + " Max-Age=0; HttpOnly; Secure; SameSite=Lax");
    // A cookie set with another Path and Domain is dropped only by a header naming the same ones.
    CookieSessionStore app =
        store.withOptions(
            CookieOptions.gorillaDefaults()
                .withPath("/app")
                .withDomain(".example.com")
                .withHttpOnly(true)
                .withSameSite(SameSite.STRICT));
    assertThat(app.delete("insights"))
        .isEqualTo(
            "insights=; Path=/app; Domain=example.com;"
                + " Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; HttpOnly; SameSite=Strict");
    // The store's own lifetime does not matter: the header always expires the cookie.
    assertThat(store.withOptions(store.options().withMaxAgeSeconds(0)).delete("insights"))
        .contains("; Max-Age=0");
  }

  @Test
  void deleteRefusesANameThatWouldInjectAttributes() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    for (String bad :
        new String[] {"", "a b", "a;Domain=evil.example", "a=b", "caf\u00e9", "a\r\nX: y"}) {
      assertThatThrownBy(() -> store.delete(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void loadGivesANewSessionForAMissingOrBadCookie() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    Session none = store.load("insights", null);
    assertThat(none.isNew()).isTrue();
    assertThat(none.rejection()).isEmpty();
    Session bad = store.load("insights", "insights=garbage");
    assertThat(bad.isNew()).isTrue();
    assertThat(bad.rejection().orElseThrow().reason()).isEqualTo(CookieException.Reason.MALFORMED);
    Session s = store.newSession("insights");
    s.values().put("n", 1L);
    s.addFlash("hi");
    String header = store.save(s);
    Session back =
        store.load("insights", "a=b;insights=\"" + header.substring(9, header.indexOf(';')) + "\"");
    assertThat(back.isNew()).isFalse();
    assertThat(back.issuedAt()).contains(1_700_000_000L);
    assertThat(back.flashes()).containsExactly("hi");
    assertThat(back.flashes()).isEmpty();
    assertThat(back.values()).containsOnlyKeys("n");
    assertThat(back.toString()).doesNotContain("hi");
  }

  @Test
  void cookieHeaderParsing() {
    assertThat(CookieSessionStore.cookieValue("a=1; b=2", "b")).isEqualTo("2");
    assertThat(CookieSessionStore.cookieValue("ab=1; b=2", "a")).isNull();
    assertThat(CookieSessionStore.cookieValue("b=1; b=2", "b")).isEqualTo("1");
    assertThat(CookieSessionStore.cookieValue("b=", "b")).isEmpty();
    assertThat(CookieSessionStore.cookieValue("", "b")).isNull();
    assertThat(CookieSessionStore.cookieValue("x=1;b=v=w ", "b")).isEqualTo("v=w");
  }
}
