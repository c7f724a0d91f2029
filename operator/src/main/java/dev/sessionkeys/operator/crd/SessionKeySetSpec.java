package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** What the user asks for. */
public class SessionKeySetSpec {

  @JsonPropertyDescription(
      "The Secret that holds the keys, in this namespace. Default: the profile's Secret name"
          + " (fwinsights-secrets for fairwinds-insights, session-keys for an inline profile).")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String secretName;

  @JsonPropertyDescription(
      "The keys: a built-in profile name or an inline key list. Default: fairwinds-insights.")
  private ProfileSpec profile;

  @JsonPropertyDescription("Scheduled rotation of the cookie and session keys. None by default.")
  private RotationSpec rotation;

  @JsonPropertyDescription(
      "Workloads rolled once after each rotation, as `kubectl rollout restart` does.")
  private List<WorkloadRef> restart = new ArrayList<>();

  @JsonPropertyDescription(
      "Take over a Secret that Helm owns: remove Helm's ownership and mark it"
          + " helm.sh/resource-policy: keep, keeping every value. Without it a Helm-owned Secret is left alone.")
  @Default("false")
  private boolean adoptHelmSecret;

  @JsonPropertyDescription(
      "Replace invalid keys (wrong length, bad characters, published examples...) with fresh"
          + " ones, keeping the old value as <KEY>_PREVIOUS. Without it an invalid key is reported and left as it is.")
  @Default("false")
  private boolean repair;

  @JsonPropertyDescription(
      "Retain (default): deleting this resource leaves the Secret. Delete: the Secret goes with"
          + " it, and so does any data encrypted under its data key.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public ProfileSpec getProfile() {
    return profile;
  }

  public void setProfile(ProfileSpec profile) {
    this.profile = profile;
  }

  public RotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(RotationSpec rotation) {
    this.rotation = rotation;
  }

  public List<WorkloadRef> getRestart() {
    return restart;
  }

  public void setRestart(List<WorkloadRef> restart) {
    this.restart = restart;
  }

  public boolean isAdoptHelmSecret() {
    return adoptHelmSecret;
  }

  public void setAdoptHelmSecret(boolean adoptHelmSecret) {
    this.adoptHelmSecret = adoptHelmSecret;
  }

  public boolean isRepair() {
    return repair;
  }

  public void setRepair(boolean repair) {
    this.repair = repair;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
