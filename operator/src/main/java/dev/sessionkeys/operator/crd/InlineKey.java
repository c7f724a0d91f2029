package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of an inline profile. Values are drawn from [A-Za-z0-9]. */
public class InlineKey {

  @JsonPropertyDescription("The Secret key and environment variable name, such as COOKIE_HASH_KEY.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  private String name;

  @JsonPropertyDescription("The exact number of characters.")
  @Required
  @Min(16)
  @Max(4096)
  private int length;

  @JsonPropertyDescription(
      "The rotation group: keys used together rotate together, such as cookie, session or data.")
  @Required
  @Pattern("^[a-z][a-z0-9-]*$")
  private String group;

  @JsonPropertyDescription(
      "grace (cookie and session keys: rotate with a grace period) or reencrypt (data at rest:"
          + " never rotated on a schedule). Default grace.")
  @Pattern("^(grace|reencrypt)$")
  private String rotation;

  @JsonPropertyDescription("What the app uses the key for, for humans.")
  private String purpose;

  public InlineKey() {}

  public InlineKey(String name, int length, String group, String rotation) {
    this.name = name;
    this.length = length;
    this.group = group;
    this.rotation = rotation;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getLength() {
    return length;
  }

  public void setLength(int length) {
    this.length = length;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getRotation() {
    return rotation;
  }

  public void setRotation(String rotation) {
    this.rotation = rotation;
  }

  public String getPurpose() {
    return purpose;
  }

  public void setPurpose(String purpose) {
    this.purpose = purpose;
  }
}
