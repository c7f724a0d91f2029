package dev.sessionkeys.core.validate;

import dev.sessionkeys.core.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Key values that anyone can read: the five example values printed on the Fairwinds Insights
 * session-keys page. People copy them; any Secret holding one is compromised. Held as SHA-256
 * digests so the values themselves are not repeated here.
 */
final class PublishedKeys {

  private static final Set<String> SHA256 =
      Set.of(
          // COOKIE_HASH_KEY example (64 characters)
          "1d8e6ea49a43e4c224c5d0994de903772800979d5a212f13ecbabd406cda7690",
          // COOKIE_BLOCK_KEY example (32)
          "60e305aaea22ff06ce8be664addf6da91a75d99bf454646af1f42cf406a98b40",
          // SESSION_AUTH_KEY example (64)
          "6ccb72dbc751d0b180461140b08638a608020b693f10840dad1a3cad4c2eff01",
          // SESSION_ENCRYPTION_KEY example (32)
          "3bc8db5397e8455d156364deff98a94b743b07598f2aacceef205cca4370d923",
          // AES_BASE64_CYPHER_KEY example (32)
          "b46f2a1e351f8942b57bdf6342813274370d7e5595b7cf3fd3399cb3f78010ed");

  private PublishedKeys() {}

  static boolean isPublished(String value) {
    return SHA256.contains(Fingerprint.sha256Hex(value.getBytes(StandardCharsets.UTF_8)));
  }
}
