package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The C2SP/CCTV age test vectors (copied into test resources, see age-testkit/SOURCE.md) through
 * our age path (AgeFiles over jagged). X25519, armor, header, HMAC and stream vectors apply; scrypt
 * and hybrid (ML-KEM) recipients are not used by sops' age key source, so those vectors are skipped
 * with that reason.
 */
class AgeTestkitTest {

  private static final String DIR = "age-testkit/testdata/";

  /** One vector: header lines, then the age file. */
  record Vector(String name, Map<String, List<String>> header, byte[] file) {
    String first(String key) {
      return header.getOrDefault(key, List.of()).stream().findFirst().orElse(null);
    }
  }

  @TestFactory
  Stream<DynamicTest> c2spAgeVectors() {
    String index = Fixtures.text(DIR + "INDEX");
    return index
        .lines()
        .filter(l -> !l.isBlank())
        .map(name -> DynamicTest.dynamicTest(name, () -> check(read(name))));
  }

  private static void check(Vector v) {
    Assumptions.assumeTrue(
        v.header().get("passphrase") == null && !v.name().contains("scrypt"),
        "scrypt recipients are not used by sops' age keys: vector skipped");
    Assumptions.assumeTrue(
        !v.name().contains("hybrid"),
        "hybrid (ML-KEM) recipients are not supported by age 1.1 or jagged 1.0: vector skipped");
    Assumptions.assumeTrue(
        v.header().containsKey("identity"), "no X25519 identity in this vector: skipped");

    List<AgeIdentity> identities =
        v.header().get("identity").stream().map(id -> AgeIdentity.parse(id, v.name())).toList();
    boolean armored = "yes".equals(v.first("armored"));
    AgeFiles.Opened opened = AgeFiles.decrypt(v.file(), armored, identities, Integer.MAX_VALUE);

    String expect = v.first("expect");
    switch (expect) {
      case "success" ->
          assertThat(opened)
              .isInstanceOfSatisfying(
                  AgeFiles.Opened.Ok.class,
                  ok -> assertThat(sha256(ok.plaintext())).isEqualTo(v.first("payload")));
      case "no match" -> assertThat(opened).isInstanceOf(AgeFiles.Opened.NoMatch.class);
      case "armor failure", "HMAC failure", "payload failure" ->
          assertThat(opened).isInstanceOf(AgeFiles.Opened.Corrupt.class);
      // age reports a failed X25519 unwrap (bad tag, low-order share) as a header failure; jagged
      // reports it
      // as "no stanza matched". Either way nothing is released.
      case "header failure" -> assertThat(opened).isNotInstanceOf(AgeFiles.Opened.Ok.class);
      default -> throw new AssertionError("unknown expectation " + expect);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Vector read(String name) {
    byte[] all = Fixtures.bytes(DIR + name);
    Map<String, List<String>> header = new LinkedHashMap<>();
    int i = 0;
    while (true) {
      int end = i;
      while (all[end] != '\n') {
        end++;
      }
      String line = new String(all, i, end - i, StandardCharsets.UTF_8);
      i = end + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(": ");
      header
          .computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
          .add(line.substring(colon + 2));
    }
    byte[] file = Arrays.copyOfRange(all, i, all.length);
    if ("zlib".equals(header.getOrDefault("compressed", List.of("")).get(0))) {
      try (var in = new InflaterInputStream(new ByteArrayInputStream(file))) {
        file = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Vector(name, header, file);
  }
}
