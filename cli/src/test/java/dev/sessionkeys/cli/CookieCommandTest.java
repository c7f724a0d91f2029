package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static Map<String, String> keys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("COOKIE_HASH_KEY", "a1".repeat(32));
    keys.put("COOKIE_BLOCK_KEY", "b2".repeat(16));
    keys.put("SESSION_AUTH_KEY", "c3".repeat(32));
    keys.put("SESSION_ENCRYPTION_KEY", "d4".repeat(16));
    keys.put("AES_BASE64_CYPHER_KEY", "e5".repeat(16));
    return keys;
  }

  static Path secret(Path dir, Map<String, String> keys) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fwinsights-secrets\n  namespace: fairwinds-insights\n"
                + "type: Opaque\ndata:\n");
    for (Map.Entry<String, String> e : keys.entrySet()) {
      yaml.append("  ")
          .append(e.getKey())
          .append(": ")
          .append(
              Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.US_ASCII)))
          .append('\n');
    }
    Path file = dir.resolve("secrets.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void encodeThenDecodeWithASecretManifest(@TempDir Path dir) throws Exception {
    String secret = secret(dir, keys()).toString();
    Result enc =
        run(
            "cookie",
            "encode",
            "--name",
            "prefs",
            "--json",
            "{\"theme\":\"dark\"}",
            "--secret",
            secret);
    assertThat(enc.code()).as(enc.err()).isZero();
    String cookie = enc.out().strip();
    Result dec =
        run("cookie", "decode", "--name", "prefs", "--json", "prefs=" + cookie, "--secret", secret);
    assertThat(dec.code()).as(dec.err()).isZero();
    assertThat(dec.out())
        .contains(
            "valid cookie \"prefs\"",
            "signed with: key generation",
            ", the current one",
            "value: {\"theme\":\"dark\"}",
            "s ago");
    for (String value : keys().values()) {
      assertThat(dec.out() + dec.err() + enc.err()).doesNotContain(value);
    }
  }

  @Test
  void gobTypesRoundTripAsJson(@TempDir Path dir) throws Exception {
    String secret = secret(dir, keys()).toString();
    String nested = "{\"user\":\"alice\",\"prefs\":{\"theme\":\"dark\",\"n\":[1,2.5]}}";
    Result enc =
        run(
            "cookie",
            "encode",
            "--name",
            "app",
            "--gob-type",
            "map[string]interface {}",
            nested,
            "--secret",
            secret);
    assertThat(enc.code()).as(enc.err()).isZero();
    Result dec = run("cookie", "decode", "--name", "app", enc.out().strip(), "--secret", secret);
    assertThat(dec.code()).as(dec.err()).isZero();
    assertThat(dec.out()).contains("value (map[string]interface {}): " + nested + "\n");

    Result strings =
        run(
            "cookie",
            "encode",
            "--name",
            "app",
            "--gob-type",
            "map[string]string",
            "{\"user\":\"alice\"}",
            "--secret",
            secret);
    Result decStrings =
        run("cookie", "decode", "--name", "app", strings.out().strip(), "--secret", secret);
    assertThat(decStrings.out()).contains("value (map[string]string): {\"user\":\"alice\"}\n");

    Result notStrings =
        run(
            "cookie",
            "encode",
            "--name",
            "app",
            "--gob-type",
            "map[string]string",
            "{\"n\":1}",
            "--secret",
            secret);
    assertThat(notStrings.code()).isEqualTo(2);
    assertThat(notStrings.err())
        .contains("cannot encode VALUE: CANNOT_SERIALIZE: gob: the value of \"n\" is a number;")
        .doesNotContain("Exception");
    Result badType =
        run("cookie", "encode", "--name", "app", "--gob-type", "[]int", "{}", "--secret", secret);
    assertThat(badType.code()).isEqualTo(2);
    assertThat(badType.err()).contains("--gob-type: unknown gob map type; use");
  }

  @Test
  void decodeExplainsRejectionsWithExitOne(@TempDir Path dir) throws Exception {
    String secret = secret(dir, keys()).toString();
    String cookie =
        run("cookie", "encode", "--name", "insights", "{\"user\":\"alice\"}", "--secret", secret)
            .out()
            .strip();
    Result wrongName = run("cookie", "decode", "--name", "other", cookie, "--secret", secret);
    assertThat(wrongName.code()).isEqualTo(1);
    assertThat(wrongName.out())
        .startsWith("rejected cookie \"other\": MAC_INVALID")
        .contains("likely cause:");
    // The cookie keys are not the session keys.
    Result asSession = run("session", "decode", "--name", "insights", cookie, "--secret", secret);
    assertThat(asSession.code()).isEqualTo(1);
    assertThat(asSession.out()).contains("MAC_INVALID");
  }

  @Test
  void sessionDecodeReadsAMountedSecretDirectory(@TempDir Path dir) throws Exception {
    Path mounted = Files.createDirectory(dir.resolve("mounted"));
    for (Map.Entry<String, String> e : keys().entrySet()) {
      Files.writeString(mounted.resolve(e.getKey()), e.getValue());
    }
    String secret = secret(dir, keys()).toString();
    // A session cookie is a gob cookie under the session keys, as gorilla's CookieStore writes it.
    dev.sessionkeys.runtime.SessionKeys sk =
        dev.sessionkeys.runtime.SessionKeys.fromDirectory(mounted);
    dev.sessionkeys.runtime.Session s = sk.sessionStore().newSession("insights");
    s.values().put("user", "alice");
    s.addFlash("saved");
    String setCookie = sk.sessionStore().save(s);
    Result dec =
        run(
            "session",
            "decode",
            "--name",
            "insights",
            setCookie.substring(0, setCookie.indexOf(';')),
            "--secret",
            mounted.toString());
    assertThat(dec.code()).as(dec.err()).isZero();
    assertThat(dec.out())
        .contains("\"user\" = \"alice\" (string)", "\"_flash\" = [\"saved\" (string)]");
    assertThat(run("session", "decode", "--name", "insights", "x", "--secret", secret).out())
        .contains("MALFORMED");
  }

  @Test
  void badKeysAreInputErrorsNamingTheKey(@TempDir Path dir) throws Exception {
    Map<String, String> keys = keys();
    keys.put("COOKIE_BLOCK_KEY", "short");
    String secret = secret(dir, keys).toString();
    Result r = run("cookie", "decode", "--name", "n", "AAAA", "--secret", secret);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("COOKIE_BLOCK_KEY in " + secret + " has 5 bytes, expected 32")
        .contains("Secret fwinsights-secrets")
        .doesNotContain("short");
    Result both =
        run("cookie", "decode", "--name", "n", "--json", "--raw", "AAAA", "--secret", secret);
    assertThat(both.code()).isEqualTo(2);
    assertThat(
            run(
                    "cookie",
                    "decode",
                    "--name",
                    "n",
                    "AAAA",
                    "--secret",
                    dir.resolve("nope").toString())
                .code())
        .isEqualTo(2);
  }
}
