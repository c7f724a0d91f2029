package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieOptions.SameSite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Set-Cookie attributes a browser acts on, the cookie header parsing at its edges, and what a
 * {@link Session} reports about the cookie it came from.
 */
class CookieSessionStoreAttributesTest {

  static final long T = 1_700_000_000L;
  static final Clock T0 = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);

  static SecureCookie codec() {
    return SecureCookie.builder(GoInteropTest.HASH, GoInteropTest.BLOCK).clock(T0).build();
  }

  static CookieSessionStore store(CookieOptions options) {
    return CookieSessionStore.of(codec(), options).withClock(T0);
  }

  static String attributes(String setCookie) {
    return setCookie.substring(setCookie.indexOf(';'));
  }

  /** A clock the test moves. */
  static final class Ticking extends Clock {
    long seconds;

    Ticking(long seconds) {
      this.seconds = seconds;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds);
    }
  }

  @Test
  void secureIsOnUnlessAllowHttpCookiesIsTrue() {
    for (String value : new String[] {"true", "TRUE", " True ", "true\n"}) {
      CookieOptions o = CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", value));
      assertThat(o.secure()).as("'%s'", value).isFalse();
      assertThat(o.httpOnly()).isTrue();
      assertThat(o.sameSite()).isEqualTo(SameSite.LAX);
    }
    for (String value : new String[] {"", "false", "1", "yes", "truee", "t rue"}) {
      assertThat(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", value)).secure())
          .as("'%s'", value)
          .isTrue();
    }
    assertThat(CookieOptions.fromEnvironment(Map.of("OTHER", "true")).secure()).isTrue();
    assertThat(CookieOptions.ALLOW_HTTP_COOKIES_ENV).isEqualTo("ALLOW_HTTP_COOKIES");
    String insecure =
        store(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", "true"))).delete("s");
    assertThat(insecure).doesNotContain("Secure").endsWith("; HttpOnly; SameSite=Lax");
  }

  @Test
  void eachAttributeIsWrittenOnlyWhenSet() {
    CookieSessionStore store = store(CookieOptions.gorillaDefaults());
    Session s = store.newSession("s");
    CookieOptions none = new CookieOptions("", "", 0, false, false, SameSite.UNSET);
    s.options(none);
    String bare = store.save(s);
    assertThat(bare).startsWith("s=").doesNotContain(";");
    s.options(none.withHttpOnly(true));
    assertThat(attributes(store.save(s))).isEqualTo("; HttpOnly");
    s.options(none.withSecure(true));
    assertThat(attributes(store.save(s))).isEqualTo("; Secure");
    s.options(none.withSameSite(SameSite.LAX));
    assertThat(attributes(store.save(s))).isEqualTo("; SameSite=Lax");
    s.options(none.withSameSite(SameSite.STRICT));
    assertThat(attributes(store.save(s))).isEqualTo("; SameSite=Strict");
    s.options(none.withSameSite(SameSite.NONE));
    assertThat(attributes(store.save(s))).isEqualTo("; SameSite=None");
    s.options(none.withPath("/p"));
    assertThat(attributes(store.save(s))).isEqualTo("; Path=/p");
    s.options(none.withDomain("example.com"));
    assertThat(attributes(store.save(s))).isEqualTo("; Domain=example.com");
    s.options(none.withDomain(".example.com"));
    assertThat(attributes(store.save(s))).isEqualTo("; Domain=example.com");
    // Max-Age 1 is the shortest lifetime that is written; 0 is a browser-session cookie.
    s.options(none.withMaxAgeSeconds(1));
    assertThat(attributes(store.save(s)))
        .isEqualTo("; Expires=Tue, 14 Nov 2023 22:13:21 GMT; Max-Age=1");
    s.options(none.withMaxAgeSeconds(-1));
    assertThat(attributes(store.save(s)))
        .isEqualTo("; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0");
    s.options(none.withMaxAgeSeconds(Integer.MIN_VALUE));
    assertThat(attributes(store.save(s)))
        .isEqualTo("; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0");
    assertThat(SameSite.UNSET.attribute()).isNull();
  }

  @Test
  void expiresFollowsTheClockFromOneSaveToTheNext() {
    Ticking clock = new Ticking(T);
    CookieSessionStore store =
        CookieSessionStore.of(codec(), CookieOptions.gorillaDefaults().withMaxAgeSeconds(60))
            .withClock(clock);
    Session s = store.newSession("s");
    assertThat(store.save(s)).contains("; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Max-Age=60");
    assertThat(store.save(s)).contains("; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Max-Age=60");
    clock.seconds = T + 1;
    assertThat(store.save(s)).contains("; Expires=Tue, 14 Nov 2023 22:14:21 GMT; Max-Age=60");
    clock.seconds = T;
    assertThat(store.save(s)).contains("; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Max-Age=60");
    // A delete between two saves does not disturb the saved lifetime.
    assertThat(store.delete("s")).contains("; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0");
    assertThat(store.save(s)).contains("; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Max-Age=60");
  }

  @Test
  void deleteAcceptsEveryTokenCharacterAndNothingElse() {
    CookieSessionStore store = store(CookieOptions.gorillaDefaults());
    String token = "!#$%&'*+-.^_`|~09AZaz";
    assertThat(store.delete(token)).startsWith(token + "=; Path=/; Expires=");
    String separators = "()<>@,;:\\\"/[]?={}";
    for (char c : (separators + " \t\u007f\u0000\u001f\u0080\u00ff").toCharArray()) {
      assertThatThrownBy(() -> store.delete("a" + c))
          .as("U+%04X", (int) c)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a cookie name is an HTTP token: character 1 is not allowed");
    }
    assertThatThrownBy(() -> store.delete(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cookie name must not be empty");
    assertThatThrownBy(() -> store.delete(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void pathAndDomainMustBePrintableAsciiWithoutSemicolons() {
    CookieOptions ok =
        CookieOptions.gorillaDefaults().withPath("/a b~!").withDomain(" ~example.com");
    assertThat(ok.path()).isEqualTo("/a b~!");
    for (String bad : new String[] {"/a;b", "/a\u001fb", "/a\u007fb", "/caf\u00e9", "/a\nb", ";"}) {
      assertThatThrownBy(() -> CookieOptions.gorillaDefaults().withPath(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cookie path and domain must be printable ASCII without ';'");
      assertThatThrownBy(() -> CookieOptions.gorillaDefaults().withDomain(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new CookieOptions(null, "", 0, false, false, SameSite.LAX))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CookieOptions("/", null, 0, false, false, SameSite.LAX))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CookieOptions("/", "", 0, false, false, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void cookieHeaderEdges() {
    // Go skips cookies without a name; an empty name finds nothing.
    assertThat(CookieSessionStore.cookieValue("=v; b=2", "")).isNull();
    assertThat(CookieSessionStore.cookieValue("=v; b=2", "b")).isEqualTo("2");
    // A leading separator, trailing separators and spaces.
    assertThat(CookieSessionStore.cookieValue(";b=2", "b")).isEqualTo("2");
    assertThat(CookieSessionStore.cookieValue("a=1; ", "b")).isNull();
    assertThat(CookieSessionStore.cookieValue("a=1;", "b")).isNull();
    assertThat(CookieSessionStore.cookieValue("a=1;  b=2  ", "b")).isEqualTo("2");
    assertThat(CookieSessionStore.cookieValue("b=   ", "b")).isEmpty();
    // Quotes come off only as a pair.
    assertThat(CookieSessionStore.cookieValue("b=\"\"", "b")).isEmpty();
    assertThat(CookieSessionStore.cookieValue("b=\"", "b")).isEqualTo("\"");
    assertThat(CookieSessionStore.cookieValue("b=\"x", "b")).isEqualTo("\"x");
    assertThat(CookieSessionStore.cookieValue("b=\"x\"", "b")).isEqualTo("x");
    // The name must match whole.
    assertThat(CookieSessionStore.cookieValue("bb=1; b=2", "b")).isEqualTo("2");
    assertThat(CookieSessionStore.cookieValue("b =1", "b")).isNull();
    assertThat(CookieSessionStore.cookieValue("b", "b")).isNull();
    assertThat(CookieSessionStore.cookieValue("b;b=3", "b")).isEqualTo("3");
    assertThat(CookieSessionStore.cookieValue(null, "b")).isNull();
  }

  @Test
  void aSessionKnowsTheCookieItCameFrom() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    Session fresh = store.newSession("s");
    assertThat(fresh.isNew()).isTrue();
    assertThat(fresh.keyGeneration()).isEmpty();
    assertThat(fresh.issuedAt()).isEmpty();
    assertThat(fresh.needsReissue()).isFalse();
    // Without flashes the result is still a list of the caller's own, as with flashes.
    List<Object> none = fresh.flashes();
    assertThat(none).isEmpty();
    none.add("mine");
    assertThat(none).containsExactly("mine");
    assertThat(fresh.values()).isEmpty();
    assertThat(fresh.name()).isEqualTo("s");
    assertThat(fresh.options()).isEqualTo(store.options());
    assertThat(fresh.toString()).isEqualTo("Session[name=s, keys=[], new=true]");

    fresh.values().put("user", "alice");
    Session read = store.read("s", valueOf(store.save(fresh)));
    assertThat(read.isNew()).isFalse();
    assertThat(read.issuedAt()).contains(T);
    assertThat(read.keyGeneration())
        .contains(
            Fingerprints.generation(KeySlot.PRIMARY, GoInteropTest.HASH, GoInteropTest.BLOCK));
    assertThat(read.needsReissue()).isFalse();
    assertThat(read.rejection()).isEmpty();
    assertThat(read.toString())
        .isEqualTo(
            "Session[name=s, keys=[user], new=false, key="
                + Fingerprints.generation(KeySlot.PRIMARY, GoInteropTest.HASH, GoInteropTest.BLOCK)
                + "]")
        .doesNotContain("alice");

    // A cookie under the previous keys reads, and asks to be re-issued.
    CookieSessionStore before =
        CookieSessionStore.of(
                SecureCookie.builder(GoInteropTest.OLD_HASH, GoInteropTest.OLD_BLOCK)
                    .clock(T0)
                    .build(),
                CookieOptions.secureDefaults())
            .withClock(T0);
    CookieSessionStore rotated =
        CookieSessionStore.of(
                SecureCookie.builder(GoInteropTest.HASH, GoInteropTest.BLOCK)
                    .previousKeys(GoInteropTest.OLD_HASH, GoInteropTest.OLD_BLOCK)
                    .clock(T0)
                    .build(),
                CookieOptions.secureDefaults())
            .withClock(T0);
    String old = before.save(fresh);
    Session migrated = rotated.load("s", "x=1; " + old.substring(0, old.indexOf(';')));
    assertThat(migrated.needsReissue()).isTrue();
    assertThat(migrated.keyGeneration().orElseThrow().slot()).isEqualTo(KeySlot.PREVIOUS);
    assertThat(migrated.values()).containsEntry("user", "alice");
    // Without the previous keys the same cookie is rejected, not thrown.
    Session rejected = store.load("s", old.substring(0, old.indexOf(';')));
    assertThat(rejected.isNew()).isTrue();
    assertThat(rejected.values()).isEmpty();
    assertThat(rejected.rejection().orElseThrow().reason())
        .isEqualTo(CookieException.Reason.MAC_INVALID);
    assertThat(rejected.needsReissue()).isFalse();
    assertThatThrownBy(() -> store.read("s", valueOf(old))).isInstanceOf(CookieException.class);
    // The header without this session's cookie gives a new session and no rejection.
    Session absent = store.load("s", "t=" + valueOf(old));
    assertThat(absent.isNew()).isTrue();
    assertThat(absent.rejection()).isEmpty();
  }

  static String valueOf(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  @Test
  void flashesAreAddedToTheExistingListAndTakenOnce() {
    CookieSessionStore store = store(CookieOptions.secureDefaults());
    Session s = store.newSession("s");
    s.addFlash("one");
    s.addFlash(2L);
    assertThat(s.values().get(Session.FLASHES_KEY)).isEqualTo(List.of("one", 2L));
    Session back = store.read("s", valueOf(store.save(s)));
    back.addFlash("three");
    assertThat(back.flashes()).containsExactly("one", 2L, "three");
    assertThat(back.flashes()).isEmpty();
    assertThat(back.values()).doesNotContainKey(Session.FLASHES_KEY);
    // A value under the flash key that is not a list is not taken for flashes.
    back.values().put(Session.FLASHES_KEY, "not a list");
    back.addFlash("x");
    assertThat(back.flashes()).containsExactly("x");
    back.values().put(Session.FLASHES_KEY, "not a list");
    assertThat(back.flashes()).isEmpty();
    assertThat(back.values()).doesNotContainKey(Session.FLASHES_KEY);
    assertThatThrownBy(() -> back.options(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringNamesTheCodecAndOptionsOnly() {
    CookieSessionStore store = store(CookieOptions.gorillaDefaults());
    assertThat(store.toString())
        .isEqualTo("CookieSessionStore[" + codec() + ", " + CookieOptions.gorillaDefaults() + "]");
    assertThat(store.withOptions(CookieOptions.secureDefaults()).options())
        .isEqualTo(CookieOptions.secureDefaults());
    assertThat(store.options()).isEqualTo(CookieOptions.gorillaDefaults());
  }
}
