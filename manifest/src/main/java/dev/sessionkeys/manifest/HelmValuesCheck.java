package dev.sessionkeys.manifest;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.SecretDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-checks Helm values against the Secrets meant for the chart: the chart must not generate
 * keys of its own (it would replace ours at every upgrade, logging everyone out), and it must read
 * the Secret we wrote.
 */
public final class HelmValuesCheck {

  private HelmValuesCheck() {}

  /** Findings about {@code values} given the Secrets that exist (in files or in the cluster). */
  public static List<Finding> check(
      HelmValues values, List<SecretDocument> secrets, Profile profile) {
    List<Finding> findings = new ArrayList<>();
    String expectedName =
        values.secretName() != null ? values.secretName() : profile.defaultSecretName();
    if (values.autogenerateKeys() == null) {
      findings.add(
          Finding.of(
              FindingCode.AUTOGENERATE_UNSET,
              "options.autogenerateKeys",
              "options.autogenerateKeys is not set; the chart's default generates new keys at every install or upgrade",
              "set `options.autogenerateKeys: false` (sessionkeys init writes it)",
              0));
    } else if (values.autogenerateKeys()) {
      String quoted = values.autogenerateKeysText();
      boolean looksFalse = quoted != null && quoted.strip().equalsIgnoreCase("false");
      findings.add(
          Finding.of(
              FindingCode.AUTOGENERATE_ON,
              "options.autogenerateKeys",
              looksFalse
                  ? "options.autogenerateKeys is the quoted string \"false\", which Helm templates treat as true: the"
                      + " chart will overwrite the managed Secret's keys"
                  : "options.autogenerateKeys is true while a managed Secret exists: the chart will overwrite its keys at"
                      + " the next install or upgrade and log everyone out",
              "set `options.autogenerateKeys: false` (unquoted)",
              values.autogenerateKeysLine()));
    }
    boolean found = secrets.stream().anyMatch(secret -> expectedName.equals(secret.name()));
    if (!found) {
      List<String> names =
          secrets.stream().map(s -> s.name() == null ? "(unnamed)" : s.name()).toList();
      findings.add(
          Finding.of(
              FindingCode.SECRET_NAME_MISMATCH,
              "options.secretName",
              (values.secretName() == null
                      ? "options.secretName is not set, so the chart reads the Secret "
                          + expectedName
                      : "options.secretName is " + YamlFiles.printable(expectedName))
                  + " but the Secret"
                  + (names.size() == 1 ? " is " : "s are ")
                  + String.join(", ", names),
              "set `options.secretName` to the Secret's name, or rename the Secret",
              values.secretNameLine()));
    }
    return findings;
  }
}
