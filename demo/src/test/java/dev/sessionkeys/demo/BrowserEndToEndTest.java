package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The promise of stable, rotatable keys, in a real browser (Debian's headless Chromium, driven by
 * Selenium through Debian's chromedriver; nothing downloaded): users stay signed in across a
 * restart, on a second replica and through a key rotation with a grace period, and a cookie the
 * server can no longer trust gives the sign-in page, not an error.
 *
 * <p>One browser serves the whole class. Without chromium or chromedriver the class is skipped with
 * a message, except under CI=true, where that is a failure. Screenshots of the pages go to {@code
 * target/screenshots/}.
 */
class BrowserEndToEndTest {

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static ChromeDriver driver;
  private static Path profile;

  @TempDir Path dir;
  private final List<DemoServer> servers = new ArrayList<>();
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startBrowser() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          "the browser test needs Debian's chromium and chromium-driver (looked for "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + "; install with `apt-get install chromium chromium-driver`)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: " + why);
      }
      System.err.println("SKIPPED " + BrowserEndToEndTest.class.getSimpleName() + ": " + why);
      Assumptions.abort(why);
    }
    // An explicit driver keeps Selenium Manager from unpacking itself and downloading one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    profile = Files.createTempDirectory("sessionkeys-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-sync",
        "--window-size=1024,768",
        "--user-data-dir=" + profile,
        // Without this Chromium still resolves Google hosts at start: keep it on 127.0.0.1.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void stopServers() {
    servers.forEach(DemoServer::close);
  }

  @Test
  void staysSignedInAcrossRestartReplicaAndRotation() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    Path secrets = TestKeys.writeSecret(dir.resolve("secrets.yaml"), keys);
    DemoServer replicaA = start(secrets, 0);
    openFresh(replicaA);

    signIn("Ada Lovelace");
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    String firstKey = TestKeys.sessionGeneration(keys);
    assertThat(text("key-fingerprint")).isEqualTo(firstKey);
    assertThat(text("key-status")).isEqualTo("current");
    String started = driver.findElement(By.id("session-started")).getAttribute("datetime");
    Cookie cookie = sessionCookie();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.isSecure()).as("ALLOW_HTTP_COOKIES=true on plain-HTTP localhost").isFalse();
    assertThat((String) ((JavascriptExecutor) driver).executeScript("return document.cookie"))
        .as("HttpOnly: scripts cannot read the session")
        .doesNotContain(DemoApp.COOKIE_NAME);
    screenshot("01-signed-in");

    // Restart with the same keys: the session lives in the cookie, so nothing is lost.
    replicaA = restart(replicaA, secrets);
    driver.navigate().refresh();
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    assertThat(driver.findElement(By.id("session-started")).getAttribute("datetime"))
        .isEqualTo(started);
    assertThat(sessionCookie().getValue()).isEqualTo(cookie.getValue());
    screenshot("02-after-restart");

    // A second replica with the same keys (another port, same host: the browser sends the same
    // cookie, as behind a
    // load balancer).
    DemoServer replicaB = start(secrets, 0);
    driver.get(replicaB.uri().toString());
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    assertThat(text("server")).isEqualTo("127.0.0.1:" + replicaB.port());
    screenshot("03-second-replica");

    // Rotate the session keys with a grace period and roll both replicas.
    Map<String, String> rotated = TestKeys.rotateSessionKeys(keys);
    String secondKey = TestKeys.sessionGeneration(rotated);
    TestKeys.writeSecret(secrets, rotated);
    replicaA = restart(replicaA, secrets);
    replicaB = restart(replicaB, secrets);
    String signedWithFirstKeys = sessionCookie().getValue();

    driver.get(replicaA.uri().toString());
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    assertThat(text("key-fingerprint")).isEqualTo(firstKey);
    assertThat(text("key-status")).isEqualTo("previous");
    assertThat(text("notice")).contains("re-issued", secondKey);
    String reissued = sessionCookie().getValue();
    assertThat(reissued).as("the response re-issued the cookie").isNotEqualTo(signedWithFirstKeys);
    assertThat(console)
        .anyMatch(line -> line.startsWith("re-issued") && line.endsWith(" " + secondKey));
    screenshot("04-reissued-after-rotation");

    driver.get(replicaB.uri().toString());
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    assertThat(text("key-fingerprint")).as("the fingerprint shown changed").isEqualTo(secondKey);
    assertThat(text("key-status")).isEqualTo("current");
    assertThat(sessionCookie().getValue()).as("no second re-issue").isEqualTo(reissued);
    assertThat(driver.findElement(By.id("session-started")).getAttribute("datetime"))
        .isEqualTo(started);

    // The grace period ends: the previous keys are dropped. The re-issued cookie needs none of
    // them.
    TestKeys.writeSecret(secrets, TestKeys.dropPrevious(rotated));
    replicaA = restart(replicaA, secrets);
    driver.get(replicaA.uri().toString());
    assertThat(text("user")).isEqualTo("Ada Lovelace");
    assertThat(text("key-fingerprint")).isEqualTo(secondKey);
    screenshot("05-signed-in-after-grace-period");

    // A cookie still signed with the dropped keys (a user who did not come back during the grace
    // period) is refused:
    // the sign-in page, with the reason, and the cookie is gone.
    replaceSessionCookie(signedWithFirstKeys);
    driver.get(replicaA.uri().toString());
    assertSignInPageAfterRefusal("MAC_INVALID");
    assertThat(text("notice")).contains("no longer has");
    screenshot("06-old-cookie-refused");
  }

  @Test
  void tamperingWithTheCookieSignsTheUserOutCleanly() throws Exception {
    Path secrets = TestKeys.writeSecret(dir.resolve("secrets.yaml"), TestKeys.fresh());
    DemoServer demo = start(secrets, 0);
    openFresh(demo);
    signIn("Mallory");
    String value = sessionCookie().getValue();

    int middle = value.length() / 2;
    char c = value.charAt(middle);
    replaceSessionCookie(
        value.substring(0, middle) + (c == 'A' ? 'B' : 'A') + value.substring(middle + 1));
    driver.navigate().refresh();
    assertSignInPageAfterRefusal("MAC_INVALID");
    screenshot("07-tampered-cookie");

    // And the user can simply sign in again.
    signIn("Mallory");
    assertThat(text("user")).isEqualTo("Mallory");
  }

  @Test
  void signOutShowsTheSignInPageAndDropsTheCookie() throws Exception {
    Path secrets = TestKeys.writeSecret(dir.resolve("secrets.yaml"), TestKeys.fresh());
    DemoServer demo = start(secrets, 0);
    openFresh(demo);
    signIn("Ken");

    WebElement button = driver.findElement(By.id("sign-out-button"));
    button.click();
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(button));
    assertThat(driver.findElements(By.id("sign-in"))).hasSize(1);
    assertThat(driver.manage().getCookieNamed(DemoApp.COOKIE_NAME)).isNull();
  }

  /**
   * Zero-logout rotation (issue 14): two replicas behind a round-robin proxy, restarted one at a
   * time through prepare (add _NEXT), promote (_NEXT becomes the key, the old key _PREVIOUS) and
   * retire (drop _PREVIOUS). Every request in between, whichever replica answers, finds the user
   * signed in; and a cookie freshly issued by either replica in any of these states is read by the
   * other.
   */
  @Test
  void aStagedRollingRotationKeepsEveryoneSignedIn() throws Exception {
    Map<String, String> old = TestKeys.fresh();
    Map<String, String> fresh = TestKeys.fresh();
    Map<String, String> prepared = TestKeys.prepare(old, fresh);
    Map<String, String> promoted = TestKeys.promote(prepared);
    Map<String, String> retired = TestKeys.dropPrevious(promoted);
    Rollout rollout = new Rollout(old);
    openFresh(rollout.proxy.uri());
    signIn("Ada Lovelace");
    String started = driver.findElement(By.id("session-started")).getAttribute("datetime");
    rollout.assertEveryRequestSignedIn(started);

    int step = 0;
    for (Map<String, String> phase : List.of(prepared, promoted, retired)) {
      for (int replica = 0; replica < 2; replica++) {
        rollout.restart(replica, phase);
        rollout.assertEveryRequestSignedIn(started);
        rollout.assertCookiesOfEitherReplicaAreRead();
        screenshot(String.format("1%d-rolling-rotation-step-%d", step, step));
        step++;
        if (phase == promoted && replica == 0) {
          // Replica 1 still has the new keys as _NEXT only, and read cookies the promoted replica
          // issued with them: its /metrics says so.
          assertThat(rollout.metrics(1))
              .containsPattern(
                  "sessionkeys_key_decodes_total\\{codec=\"session\",slot=\"next\"\\} [1-9]");
        }
      }
    }
    assertThat(text("key-fingerprint")).isEqualTo(TestKeys.sessionGeneration(fresh));
    assertThat(rollout.proxy.served).contains(0, 1);
    rollout.close();
  }

  /**
   * The same rolling restart with the old one-step rotation (new key and _PREVIOUS at once): once
   * the first replica issues cookies under the new key, the replica still on the old key refuses
   * them, and the user is signed out. This is the disruption the staged rotation removes.
   */
  @Test
  void aOneStepRollingRotationSignsTheUserOut() throws Exception {
    Map<String, String> old = TestKeys.fresh();
    Rollout rollout = new Rollout(old);
    openFresh(rollout.proxy.uri());
    signIn("Ada Lovelace");
    String started = driver.findElement(By.id("session-started")).getAttribute("datetime");
    rollout.assertEveryRequestSignedIn(started);

    rollout.restart(0, TestKeys.rotateInOneStep(old, TestKeys.fresh()));
    boolean signedOut = false;
    for (int i = 0; i < 4 && !signedOut; i++) {
      driver.get(rollout.proxy.uri().toString());
      signedOut = driver.findElements(By.id("user")).isEmpty();
    }
    assertThat(signedOut)
        .as("the replica still on the old key refuses the cookie the rotated one issued")
        .isTrue();
    assertThat(text("rejection-reason")).isEqualTo("MAC_INVALID");
    screenshot("20-one-step-rotation-signed-out");
    rollout.close();
  }

  /** Two replicas, each with its own copy of the Secret (as each pod reads it at its start). */
  private final class Rollout {
    final Path[] secrets = new Path[2];
    final DemoServer[] replicas = new DemoServer[2];
    final RoundRobinProxy proxy;

    Rollout(Map<String, String> keys) throws IOException {
      List<java.net.URI> uris = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        secrets[i] = TestKeys.writeSecret(dir.resolve("replica-" + i + ".yaml"), keys);
        replicas[i] = start(secrets[i], 0);
        uris.add(replicas[i].uri());
      }
      proxy = RoundRobinProxy.start(uris);
    }

    /** A rolling restart's step: replica {@code i} leaves the rotation, restarts, comes back. */
    void restart(int i, Map<String, String> keys) throws IOException {
      proxy.drain(i);
      TestKeys.writeSecret(secrets[i], keys);
      replicas[i] = BrowserEndToEndTest.this.restart(replicas[i], secrets[i]);
      proxy.restore(i);
    }

    /** Four page loads through the proxy (both replicas answer): all signed in, same session. */
    void assertEveryRequestSignedIn(String started) {
      java.util.Set<String> servers = new java.util.HashSet<>();
      for (int n = 0; n < 4; n++) {
        driver.get(proxy.uri().toString());
        assertThat(driver.findElements(By.id("user")))
            .as(
                "request %d after %s: signed in (the page says: %s)",
                n, servers, driver.findElement(By.tagName("body")).getText())
            .hasSize(1);
        assertThat(text("user")).isEqualTo("Ada Lovelace");
        assertThat(driver.findElement(By.id("session-started")).getAttribute("datetime"))
            .isEqualTo(started);
        servers.add(text("server"));
      }
      assertThat(servers).as("both replicas answered").hasSize(2);
    }

    /** A cookie issued by each replica is read by the other, in the current state. */
    void assertCookiesOfEitherReplicaAreRead() throws Exception {
      for (int issuer = 0; issuer < 2; issuer++) {
        Visitor visitor = new Visitor();
        visitor.signIn(replicas[issuer].uri(), "Grace");
        Visitor.Page other = visitor.get(replicas[1 - issuer].uri());
        assertThat(other.text("user"))
            .as("a cookie issued by replica %d, read by replica %d", issuer, 1 - issuer)
            .isEqualTo("Grace");
      }
    }

    String metrics(int i) throws Exception {
      return new Visitor().get(replicas[i].uri().resolve("/metrics")).body();
    }

    void close() {
      proxy.close();
    }
  }

  private DemoServer start(Path secrets, int port) {
    DemoServer server = TestKeys.startDemo(secrets, port, console::add);
    servers.add(server);
    return server;
  }

  private DemoServer restart(DemoServer server, Path secrets) {
    server.close();
    servers.remove(server);
    return start(secrets, server.port());
  }

  /** Opens the demo with no cookie for 127.0.0.1 left from another test. */
  private static void openFresh(DemoServer demo) {
    openFresh(demo.uri());
  }

  private static void openFresh(java.net.URI uri) {
    driver.get(uri.toString());
    driver.manage().deleteAllCookies();
    driver.navigate().refresh();
    assertThat(driver.findElements(By.id("sign-in"))).hasSize(1);
  }

  private static void signIn(String name) {
    // The form may belong to a page the browser is still replacing (the redirect after a sign-out
    // or a refused cookie): Chromium then reports the old node as "not in the document". Find and
    // fill the form in one retried step, so that only a node of the current page is used; filling
    // twice is harmless, submitting is done once below.
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .ignoring(WebDriverException.class)
        .until(
            d -> {
              WebElement field = d.findElement(By.id("name"));
              field.clear();
              field.sendKeys(name);
              return name.equals(field.getAttribute("value"));
            });
    driver.findElement(By.id("sign-in-button")).click();
    try {
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    } catch (TimeoutException e) {
      throw new AssertionError(
          "signing in as "
              + name
              + " did not show the signed-in page; the browser shows "
              + driver.getCurrentUrl()
              + ": "
              + driver.findElement(By.tagName("body")).getText(),
          e);
    }
  }

  private static void assertSignInPageAfterRefusal(String reason) {
    assertThat(driver.getTitle()).isEqualTo("Sign in · sessionkeys demo");
    assertThat(driver.findElements(By.id("sign-in"))).as("the sign-in form").hasSize(1);
    assertThat(driver.findElements(By.id("user"))).as("nobody signed in").isEmpty();
    assertThat(text("notice")).contains("not accepted");
    assertThat(text("rejection-reason")).isEqualTo(reason);
    assertThat(driver.manage().getCookieNamed(DemoApp.COOKIE_NAME))
        .as("the cookie was cleared")
        .isNull();
  }

  private static Cookie sessionCookie() {
    Cookie cookie = driver.manage().getCookieNamed(DemoApp.COOKIE_NAME);
    assertThat(cookie).as("the session cookie").isNotNull();
    return cookie;
  }

  /** Changes the cookie in the browser's jar, as a user with the developer tools could. */
  private static void replaceSessionCookie(String value) {
    driver.manage().deleteCookieNamed(DemoApp.COOKIE_NAME);
    driver
        .manage()
        .addCookie(
            new Cookie.Builder(DemoApp.COOKIE_NAME, value)
                .path("/")
                .isHttpOnly(true)
                .sameSite("Lax")
                .build());
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.move(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
