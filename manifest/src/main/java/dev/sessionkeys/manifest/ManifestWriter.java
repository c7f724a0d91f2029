package dev.sessionkeys.manifest;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Writes the two files of the documented flow: {@code secrets.yaml}, a Secret shaped like the
 * documentation's (with {@code metadata.namespace} added), and the Helm values that make the chart
 * use it.
 *
 * <p>Written as text rather than through a YAML emitter: every name in it is checked against
 * Kubernetes' and the profile's naming rules (so it needs no quoting), and the output stays
 * byte-for-byte predictable.
 */
public final class ManifestWriter {

  private ManifestWriter() {}

  /**
   * The Secret manifest holding {@code keys}, base64-encoded under {@code data}, as UTF-8 bytes.
   */
  public static byte[] secret(String name, String namespace, KeySet keys) {
    require(Profile.isValidSecretName(name), "Secret name", name);
    require(Profile.isValidNamespace(namespace), "namespace", namespace);
    StringBuilder out =
        new StringBuilder(512)
            .append("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ")
            .append(name)
            .append("\n  namespace: ")
            .append(namespace)
            .append("\ntype: Opaque\ndata:\n");
    Base64.Encoder base64 = Base64.getEncoder();
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      require(entry.getKey().matches("[-._a-zA-Z0-9]+"), "Secret key name", entry.getKey());
      out.append("  ")
          .append(yamlKey(entry.getKey()))
          .append(": ")
          .append(base64.encodeToString(entry.getValue().revealBytes()))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The Helm values that stop the chart from generating keys and point it at the Secret {@code
   * secretName}.
   */
  public static byte[] values(String secretName) {
    require(Profile.isValidSecretName(secretName), "Secret name", secretName);
    return ("# Session keys come from the Secret "
            + secretName
            + " (written by sessionkeys init):\n"
            + "# the chart must not generate its own at every install or upgrade.\n"
            + "options:\n"
            + "  autogenerateKeys: false\n"
            + "  secretName: "
            + secretName
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void require(boolean valid, String what, String value) {
    if (!valid) {
      throw new IllegalArgumentException("not a valid " + what + ": " + YamlFiles.printable(value));
    }
  }

  /** Quotes the few key names a YAML 1.1 reader (kubectl's) would take for a boolean or null. */
  private static String yamlKey(String key) {
    return key.matches("(?i)y|yes|n|no|true|false|on|off|null") ? "'" + key + "'" : key;
  }
}
