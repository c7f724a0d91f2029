package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** What the user asks for. Public fields, read and written by Jackson as they are. */
public class SessionKeySetSpec {

  @JsonPropertyDescription(
      "The Secret that holds the keys, in this namespace. Default: the profile's Secret name"
          + " (fwinsights-secrets for fairwinds-insights, session-keys for an inline profile).")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  public String secretName;

  @JsonPropertyDescription(
      "The keys: a built-in profile name or an inline key list. Default: fairwinds-insights.")
  public ProfileSpec profile;

  @JsonPropertyDescription("Scheduled rotation of the cookie and session keys. None by default.")
  public RotationSpec rotation;

  @JsonPropertyDescription(
      "Workloads rolled once after each rotation, as `kubectl rollout restart` does.")
  public List<WorkloadRef> restart = new ArrayList<>();

  @JsonPropertyDescription(
      "Take over a Secret that Helm owns: remove Helm's ownership and mark it"
          + " helm.sh/resource-policy: keep, keeping every value. Without it a Helm-owned Secret is left alone.")
  @Default("false")
  public boolean adoptHelmSecret;

  @JsonPropertyDescription(
      "Replace invalid keys (wrong length, bad characters, published examples...) with fresh"
          + " ones, keeping the old value as <KEY>_PREVIOUS. Without it an invalid key is reported and left as it is.")
  @Default("false")
  public boolean repair;

  @JsonPropertyDescription(
      "Retain (default): deleting this resource leaves the Secret. Delete: the Secret goes with"
          + " it, and so does any data encrypted under its data key.")
  @Default("Retain")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;
}
