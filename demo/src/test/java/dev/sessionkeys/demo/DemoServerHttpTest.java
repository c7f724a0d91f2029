package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.SecureCookie;
import dev.sessionkeys.runtime.Serializer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's flows over plain HTTP, without a browser: the logic the browser test shows, checked in
 * detail.
 */
class DemoServerHttpTest {

  @TempDir Path dir;

  private final List<String> console = Collections.synchronizedList(new ArrayList<>());
  private final List<DemoServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(DemoServer::close);
  }

  private DemoServer start(Map<String, String> keys, int port) throws IOException {
    Path secret = TestKeys.writeSecret(dir.resolve("secrets-" + servers.size() + ".yaml"), keys);
    return start(
        DemoOptions.defaults().withPort(port).withSecret(secret).withEnvironment(Map.of()));
  }

  private DemoServer start(DemoOptions options) {
    DemoServer server = DemoServer.start(options.withConsole(console::add));
    servers.add(server);
    return server;
  }

  private DemoServer restart(DemoServer old, Map<String, String> keys) throws IOException {
    old.close();
    return start(keys, old.port());
  }

  @Test
  void signInShowsWhoWhenAndWhichKeyGeneration() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();

    Visitor.Page first = browser.get(demo.uri());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.isSignInPage()).isTrue();
    assertThat(first.setCookies()).isEmpty();

    Instant before = Instant.now().minusSeconds(1);
    Visitor.Page posted = browser.signIn(demo.uri(), "Ada Lovelace");
    assertThat(posted.status()).isEqualTo(303);
    assertThat(posted.header("Location")).isEqualTo("/");
    assertThat(posted.setCookies())
        .singleElement()
        .satisfies(
            sc -> {
              assertThat(sc).startsWith(DemoApp.COOKIE_NAME + "=");
              assertThat(sc)
                  .contains("; Path=/", "; Max-Age=2592000", "; HttpOnly", "; SameSite=Lax");
              // Plain HTTP on 127.0.0.1: the demo sets ALLOW_HTTP_COOKIES=true, so no Secure.
              assertThat(sc).doesNotContain("Secure");
            });

    Visitor.Page home = browser.get(demo.uri());
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.isSignInPage()).isFalse();
    assertThat(home.text("user")).isEqualTo("Ada Lovelace");
    assertThat(home.text("key-fingerprint")).isEqualTo(TestKeys.sessionGeneration(keys));
    assertThat(home.text("key-status")).isEqualTo("current");
    // Each key of the generation as `sessionkeys check` prints it.
    assertThat(home.text("key-fingerprints"))
        .isEqualTo(
            "(SESSION_AUTH_KEY "
                + TestKeys.fingerprint(keys.get("SESSION_AUTH_KEY"))
                + ", SESSION_ENCRYPTION_KEY "
                + TestKeys.fingerprint(keys.get("SESSION_ENCRYPTION_KEY"))
                + ")");
    Instant started = Instant.parse(attribute(home.body(), "session-started", "datetime"));
    assertThat(started).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(home.setCookies()).as("a cookie under the current key is not re-issued").isEmpty();
    assertThat(home.text("cookie-note")).contains("ALLOW_HTTP_COOKIES=true", "without Secure");
  }

  @Test
  void restartWithTheSameKeysKeepsTheUserSignedIn() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Grace");
    String started = attribute(browser.get(demo.uri()).body(), "session-started", "datetime");
    String cookie = browser.cookie();

    demo = restart(demo, keys);

    Visitor.Page home = browser.get(demo.uri());
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.text("user")).isEqualTo("Grace");
    assertThat(attribute(home.body(), "session-started", "datetime")).isEqualTo(started);
    assertThat(browser.cookie()).isEqualTo(cookie);
  }

  @Test
  void aSecondReplicaWithTheSameKeysAcceptsTheSession() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer one = start(keys, 0);
    DemoServer two = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(one.uri(), "Linus");

    Visitor.Page home = browser.get(two.uri());
    assertThat(home.text("user")).isEqualTo("Linus");
    assertThat(home.text("server")).isEqualTo("127.0.0.1:" + two.port());

    // A replica with other keys is the misconfiguration the project exists to prevent: it signs the
    // user out.
    DemoServer stranger = start(TestKeys.fresh(), 0);
    String cookie = browser.cookie();
    Visitor.Page refused = browser.get(stranger.uri());
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.isSignInPage()).isTrue();
    assertThat(refused.text("rejection-reason")).isEqualTo("MAC_INVALID");
    browser.cookie(cookie);
    assertThat(browser.get(one.uri()).text("user")).isEqualTo("Linus");
  }

  @Test
  void rotationWithAGracePeriodReissuesTheCookieUnderTheNewKeys() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Barbara");
    String started = attribute(browser.get(demo.uri()).body(), "session-started", "datetime");
    String oldCookie = browser.cookie();
    String oldKey = TestKeys.sessionGeneration(keys);

    Map<String, String> rotated = TestKeys.rotateSessionKeys(keys);
    String newKey = TestKeys.sessionGeneration(rotated);
    demo = restart(demo, rotated);
    assertThat(new Visitor().get(demo.uri()).text("current-key")).isEqualTo(newKey);

    Visitor.Page reissuing = browser.get(demo.uri());
    assertThat(reissuing.status()).isEqualTo(200);
    assertThat(reissuing.text("user")).isEqualTo("Barbara");
    assertThat(reissuing.text("key-fingerprint")).isEqualTo(oldKey);
    assertThat(reissuing.text("key-status")).isEqualTo("previous");
    assertThat(reissuing.text("previous-key")).isEqualTo(oldKey);
    assertThat(reissuing.body()).contains("re-issued it under the current one (" + newKey + ")");
    assertThat(reissuing.setCookies())
        .singleElement()
        .satisfies(
            sc -> assertThat(sc).contains("; Max-Age=2592000", "; HttpOnly", "; SameSite=Lax"));
    assertThat(browser.cookie()).isNotEqualTo(oldCookie);
    assertThat(console)
        .anyMatch(l -> l.contains("re-issued") && l.contains(oldKey) && l.contains(newKey));

    Visitor.Page next = browser.get(demo.uri());
    assertThat(next.text("key-fingerprint")).isEqualTo(newKey);
    assertThat(next.text("key-status")).isEqualTo("current");
    assertThat(next.setCookies()).isEmpty();
    assertThat(attribute(next.body(), "session-started", "datetime"))
        .as("same session")
        .isEqualTo(started);

    // The grace period ends: the re-issued cookie needs no previous key.
    demo = restart(demo, TestKeys.dropPrevious(rotated));
    Visitor.Page after = browser.get(demo.uri());
    assertThat(after.text("user")).isEqualTo("Barbara");
    assertThat(after.text("key-status")).isEqualTo("current");
  }

  @Test
  void aCookieSignedOnlyWithDroppedKeysGetsTheSignInPageNotAnError() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Edsger");

    // Rotated and finished while this user was away: their cookie is signed only with keys nobody
    // has any more.
    demo = restart(demo, TestKeys.dropPrevious(TestKeys.rotateSessionKeys(keys)));
    Visitor.Page page = browser.get(demo.uri());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.isSignInPage()).isTrue();
    assertThat(page.text("rejection-reason")).isEqualTo("MAC_INVALID");
    assertThat(page.body()).contains("signed with keys this server no longer has");
    assertThat(page.setCookies())
        .singleElement()
        .satisfies(sc -> assertThat(sc).contains("; Max-Age=0"));
    assertThat(browser.cookie()).isNull();
    assertThat(console).anyMatch(l -> l.contains("refused a session cookie (MAC_INVALID)"));
  }

  @Test
  void everyKindOfBrokenCookieGetsTheSignInPageAndIsCleared() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor signedIn = new Visitor();
    signedIn.signIn(demo.uri(), "Mallory");
    String good = signedIn.cookie();

    Map<String, UnaryOperator<String>> damage = new LinkedHashMap<>();
    damage.put("one character changed at the start", c -> flip(c, 0));
    damage.put("one character changed in the middle", c -> flip(c, c.length() / 2));
    damage.put("one character changed near the end", c -> flip(c, c.length() - 3));
    damage.put("truncated", c -> c.substring(0, c.length() / 2));
    damage.put("empty", c -> "");
    damage.put("not base64", c -> "%%%not-a-cookie%%%");
    damage.put("too long", c -> "A".repeat(5000));
    damage.put(
        "made for another cookie name",
        c -> encode(keys, "other-cookie", sessionValues(), Clock.systemUTC()));
    for (Map.Entry<String, UnaryOperator<String>> d : damage.entrySet()) {
      Visitor browser = new Visitor();
      browser.cookie(d.getValue().apply(good));
      Visitor.Page page = browser.get(demo.uri());
      assertThat(page.status()).as(d.getKey()).isEqualTo(200);
      assertThat(page.isSignInPage()).as(d.getKey()).isTrue();
      assertThat(page.body()).as(d.getKey()).doesNotContain("Mallory");
      if (!d.getValue().apply(good).isEmpty()) {
        assertThat(page.text("rejection-reason")).as(d.getKey()).isNotBlank();
        assertThat(browser.cookie()).as(d.getKey() + ": cleared").isNull();
      }
    }
  }

  @Test
  void anExpiredCookieGetsTheSignInPageWithTheReason() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Clock monthAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(31)), ZoneOffset.UTC);
    Visitor browser = new Visitor();
    browser.cookie(encode(keys, DemoApp.COOKIE_NAME, sessionValues(), monthAgo));

    Visitor.Page page = browser.get(demo.uri());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.isSignInPage()).isTrue();
    assertThat(page.text("rejection-reason")).isEqualTo("EXPIRED");
    assertThat(browser.cookie()).isNull();

    // The same cookie made now is accepted: the age was the only problem.
    browser.cookie(encode(keys, DemoApp.COOKIE_NAME, sessionValues(), Clock.systemUTC()));
    assertThat(browser.get(demo.uri()).text("user")).isEqualTo("Mallory");
  }

  @Test
  void aValidSessionOfAnotherAppSharingTheKeysIsNoSignIn() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.cookie(
        encode(keys, DemoApp.COOKIE_NAME, new HashMap<>(Map.of("user", 42L)), Clock.systemUTC()));

    Visitor.Page page = browser.get(demo.uri());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.isSignInPage()).isTrue();
    assertThat(browser.cookie()).isNull();
  }

  @Test
  void signOutClearsTheCookie() throws Exception {
    DemoServer demo = start(TestKeys.fresh(), 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Ken");

    Visitor.Page out =
        browser.post(demo.uri().resolve("/signout"), "", "http://127.0.0.1:" + demo.port());
    assertThat(out.status()).isEqualTo(303);
    // An empty, expired cookie with the same Path and flags: no signed value is sent just to be
    // thrown away.
    assertThat(out.setCookies())
        .singleElement()
        .isEqualTo(
            DemoApp.COOKIE_NAME
                + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; HttpOnly; SameSite=Lax");
    assertThat(browser.cookie()).isNull();
    assertThat(browser.get(demo.uri()).isSignInPage()).isTrue();
  }

  @Test
  void namesAreEscapedEverywhere() throws Exception {
    DemoServer demo = start(TestKeys.fresh(), 0);
    Visitor browser = new Visitor();
    String evil = "<img src=x onerror=alert(1)>\"'&amp;";
    browser.signIn(demo.uri(), evil);

    Visitor.Page home = browser.get(demo.uri());
    assertThat(home.text("user"))
        .isEqualTo("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;amp;");
    assertThat(home.body()).doesNotContain("<img");
    assertThat(home.header("Content-Security-Policy")).contains("default-src 'none'");

    // The form echoes a rejected name back: escaped too.
    Visitor.Page tooLong = new Visitor().signIn(demo.uri(), "<b>" + "x".repeat(80));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("value=\"&lt;b&gt;xxx").doesNotContain("<b>x");
  }

  @Test
  void badNamesAreRefusedWithTheFormAgain() throws Exception {
    DemoServer demo = start(TestKeys.fresh(), 0);
    for (String name :
        new String[] {"", "   ", "x".repeat(65), "tab\there", "bell\u0007", "rtl\u202eoverride"}) {
      Visitor browser = new Visitor();
      Visitor.Page page = browser.signIn(demo.uri(), name);
      assertThat(page.status()).as(name).isEqualTo(400);
      assertThat(page.isSignInPage()).as(name).isTrue();
      assertThat(page.text("form-error")).as(name).isNotBlank();
      assertThat(page.setCookies()).as(name).isEmpty();
    }
    Visitor.Page unicode = new Visitor().signIn(demo.uri(), "Zoë 🙂 " + "x".repeat(56));
    assertThat(unicode.status()).as("64 code points are fine").isEqualTo(303);
  }

  @Test
  void formsFromAnotherOriginAreRefused() throws Exception {
    DemoServer demo = start(TestKeys.fresh(), 0);
    Visitor browser = new Visitor();
    Visitor.Page page =
        browser.post(demo.uri().resolve("/signin"), "name=Eve", "http://evil.example");
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.setCookies()).isEmpty();

    Visitor.Page opaque = browser.post(demo.uri().resolve("/signin"), "name=Eve", "null");
    assertThat(opaque.status()).isEqualTo(403);

    Visitor.Page sameOrigin =
        browser.post(demo.uri().resolve("/signin"), "name=Eve", "http://127.0.0.1:" + demo.port());
    assertThat(sameOrigin.status()).isEqualTo(303);
  }

  @Test
  void otherPathsAndMethodsGetPlainAnswers() throws Exception {
    DemoServer demo = start(TestKeys.fresh(), 0);
    Visitor browser = new Visitor();
    Visitor.Page missing = browser.get(demo.uri().resolve("/nope?%3Cx%3E"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(missing.header("Cache-Control")).isEqualTo("no-store");

    Visitor.Page put =
        browser.send(
            HttpRequest.newBuilder(demo.uri()).PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Allow")).isEqualTo("GET");

    Visitor.Page json =
        browser.send(
            HttpRequest.newBuilder(demo.uri().resolve("/signin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(json.status()).isEqualTo(415);

    Visitor.Page huge =
        browser.post(demo.uri().resolve("/signin"), "name=" + "x".repeat(10_000), null);
    assertThat(huge.status()).isEqualTo(413);

    Visitor.Page badEncoding = browser.post(demo.uri().resolve("/signin"), "name=%zz", null);
    assertThat(badEncoding.status()).isEqualTo(400);
    assertThat(badEncoding.isSignInPage()).isTrue();
  }

  @Test
  void cookiesAreSecureWhenTheEnvironmentDoesNotAllowHttp() throws Exception {
    Path secret = TestKeys.writeSecret(dir.resolve("secrets.yaml"), TestKeys.fresh());
    DemoServer demo =
        start(
            DemoOptions.defaults()
                .withPort(0)
                .withSecret(secret)
                .withEnvironment(Map.of("ALLOW_HTTP_COOKIES", "false")));
    Visitor.Page posted = new Visitor().signIn(demo.uri(), "Tim");
    assertThat(posted.setCookies())
        .singleElement()
        .satisfies(sc -> assertThat(sc).contains("; Secure"));
    assertThat(console).anyMatch(l -> l.contains("cookies are Secure"));
  }

  @Test
  void rotatingOnlyTheEncryptionKeyShowsAnotherGenerationAndReissues() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Grace");

    Map<String, String> rotated = TestKeys.rotateSessionEncryptionKeyOnly(keys);
    demo = restart(demo, rotated);
    String before = TestKeys.sessionGeneration(keys);
    String after = TestKeys.sessionGeneration(rotated);
    assertThat(after).isNotEqualTo(before);
    assertThat(new Visitor().get(demo.uri()).text("current-key")).isEqualTo(after);

    Visitor.Page reissuing = browser.get(demo.uri());
    assertThat(reissuing.text("user")).isEqualTo("Grace");
    assertThat(reissuing.text("key-fingerprint")).isEqualTo(before);
    assertThat(reissuing.text("key-status")).isEqualTo("previous");
    assertThat(reissuing.text("previous-key"))
        .isEqualTo(TestKeys.previousSessionGeneration(rotated))
        .isEqualTo(before);
    assertThat(reissuing.text("current-key")).isEqualTo(after);
    assertThat(reissuing.setCookies()).hasSize(1);

    Visitor.Page next = browser.get(demo.uri());
    assertThat(next.text("key-fingerprint")).isEqualTo(after);
    assertThat(next.text("key-status")).isEqualTo("current");
  }

  @Test
  void onANetworkAddressTheDemoDoesNotDropSecureByItself() throws Exception {
    DemoServer.CookieTerms terms =
        DemoServer.CookieTerms.decide(
            Map.of(), java.net.InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
    assertThat(terms.environment()).doesNotContainKey("ALLOW_HTTP_COOKIES");
    assertThat(terms.consoleNote()).contains("cookies are Secure");

    DemoServer.CookieTerms loopback =
        DemoServer.CookieTerms.decide(Map.of(), java.net.InetAddress.getLoopbackAddress());
    assertThat(loopback.environment()).containsEntry("ALLOW_HTTP_COOKIES", "true");
  }

  @Test
  void keysFromTheEnvironmentADirectoryOrAFileAreTheSameKeys() throws Exception {
    Map<String, String> keys = TestKeys.rotateSessionKeys(TestKeys.fresh());
    Path secretDir = Files.createDirectory(dir.resolve("mounted"));
    for (Map.Entry<String, String> e : keys.entrySet()) {
      Files.writeString(secretDir.resolve(e.getKey()), e.getValue(), StandardCharsets.US_ASCII);
    }
    DemoServer fromFile = start(keys, 0);
    DemoServer fromEnv = start(DemoOptions.defaults().withPort(0).withEnvironment(keys));
    DemoServer fromDir =
        start(DemoOptions.defaults().withPort(0).withSecret(secretDir).withEnvironment(Map.of()));

    String current = TestKeys.sessionGeneration(keys);
    String previous = TestKeys.previousSessionGeneration(keys);
    Visitor browser = new Visitor();
    browser.signIn(fromFile.uri(), "Alan");
    for (DemoServer demo : List.of(fromFile, fromEnv, fromDir)) {
      assertThat(new Visitor().get(demo.uri()).text("current-key")).isEqualTo(current);
      Visitor.Page page = browser.get(demo.uri());
      assertThat(page.text("user")).isEqualTo("Alan");
      assertThat(page.text("current-key")).isEqualTo(current);
      assertThat(page.text("previous-key")).isEqualTo(previous);
    }
  }

  @Test
  void missingOrWrongKeysStopTheStartWithOneClearLine() throws Exception {
    assertThatThrownBy(
            () -> start(DemoOptions.defaults().withPort(0).withSecret(dir.resolve("nope.yaml"))))
        .isInstanceOfSatisfying(
            DemoException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT);
              assertThat(e.getMessage()).contains("nope.yaml", "no such file", "sessionkeys init");
            });
    assertThatThrownBy(
            () -> start(DemoOptions.defaults().withPort(0).withEnvironment(Map.of("PATH", "/bin"))))
        .isInstanceOfSatisfying(
            DemoException.class,
            e -> assertThat(e.getMessage()).contains("no session keys", "--secret"));

    Map<String, String> keys = TestKeys.fresh();
    String shortKey = keys.get("SESSION_AUTH_KEY").substring(0, 40);
    keys.put("SESSION_AUTH_KEY", shortKey);
    Path secret = TestKeys.writeSecret(dir.resolve("short.yaml"), keys);
    assertThatThrownBy(
            () ->
                start(
                    DemoOptions.defaults()
                        .withPort(0)
                        .withSecret(secret)
                        .withEnvironment(Map.of())))
        .isInstanceOfSatisfying(
            DemoException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT);
              assertThat(e.getMessage())
                  .contains("short.yaml", "SESSION_AUTH_KEY", "40", "64")
                  .doesNotContain(shortKey)
                  .doesNotContain("\n");
            });

    Path partial =
        Files.writeString(
            dir.resolve("partial.yaml"),
            "kind: Secret\nmetadata:\n  name: my-keys\n"
                + "stringData:\n  COOKIE_HASH_KEY: "
                + "k".repeat(64)
                + "\n");
    assertThatThrownBy(
            () ->
                start(
                    DemoOptions.defaults()
                        .withPort(0)
                        .withSecret(partial)
                        .withEnvironment(Map.of())))
        .isInstanceOfSatisfying(
            DemoException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("COOKIE_BLOCK_KEY is not set in " + partial, "Secret my-keys")
                    .doesNotContain("k".repeat(64)));
    assertThat(servers).isEmpty();
  }

  @Test
  void aTakenPortIsAnIoFailureNamingThePort() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    DemoServer demo = start(keys, 0);
    assertThatThrownBy(() -> start(keys, demo.port()))
        .isInstanceOfSatisfying(
            DemoException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DemoException.Kind.IO);
              assertThat(e.getMessage()).contains("127.0.0.1:" + demo.port(), "--port");
            });
  }

  @Test
  void theConsoleNamesAddressKeysAndCookieTermsButNoSecretsOrNames() throws Exception {
    Map<String, String> keys = TestKeys.rotateSessionKeys(TestKeys.fresh());
    DemoServer demo = start(keys, 0);
    Visitor browser = new Visitor();
    browser.signIn(demo.uri(), "Secret Agent");
    browser.get(demo.uri());
    browser.cookie("garbage");
    browser.get(demo.uri());
    demo.close();

    String all = String.join("\n", console);
    assertThat(all)
        .contains(
            demo.uri().toString(),
            "key generation " + TestKeys.sessionGeneration(keys),
            "SESSION_AUTH_KEY " + TestKeys.fingerprint(keys.get("SESSION_AUTH_KEY")),
            "ALLOW_HTTP_COOKIES=true",
            "previous generation " + TestKeys.previousSessionGeneration(keys),
            "SESSION_AUTH_KEY " + TestKeys.fingerprint(keys.get("SESSION_AUTH_KEY_PREVIOUS")));
    assertThat(all).doesNotContain("Secret Agent");
    for (String value : keys.values()) {
      assertThat(all).doesNotContain(value);
    }
  }

  private static Map<String, Object> sessionValues() {
    Map<String, Object> values = new HashMap<>();
    values.put("user", "Mallory");
    values.put("started", Instant.now().getEpochSecond());
    return values;
  }

  /** A session cookie made directly with the runtime codec under the keys' current session pair. */
  private static String encode(
      Map<String, String> keys, String name, Map<String, Object> values, Clock clock) {
    SecureCookie codec =
        SecureCookie.builder(
                keys.get("SESSION_AUTH_KEY").getBytes(StandardCharsets.US_ASCII),
                keys.get("SESSION_ENCRYPTION_KEY").getBytes(StandardCharsets.US_ASCII))
            .clock(clock)
            .build();
    return codec.encode(name, values, Serializer.GOB);
  }

  private static String flip(String s, int i) {
    char c = s.charAt(i);
    return s.substring(0, i) + (c == 'A' ? 'B' : 'A') + s.substring(i + 1);
  }

  private static String attribute(String body, String id, String attribute) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("id=\"" + id + "\" " + attribute + "=\"([^\"]*)\"")
            .matcher(body);
    assertThat(m.find()).as("element " + id + " with " + attribute).isTrue();
    return m.group(1);
  }
}
