package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Which keys the Secret holds: a built-in profile by name, or an inline list of keys. */
public class ProfileSpec {

  @JsonPropertyDescription(
      "A built-in profile, such as fairwinds-insights (the default when neither name nor keys is"
          + " given).")
  private String name;

  @JsonPropertyDescription(
      "An inline profile: the keys, in the order they are written. Exclusive with name.")
  private List<InlineKey> keys;

  public ProfileSpec() {}

  public static ProfileSpec named(String name) {
    ProfileSpec spec = new ProfileSpec();
    spec.setName(name);
    return spec;
  }

  public static ProfileSpec inline(List<InlineKey> keys) {
    ProfileSpec spec = new ProfileSpec();
    spec.setKeys(keys);
    return spec;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<InlineKey> getKeys() {
    return keys;
  }

  public void setKeys(List<InlineKey> keys) {
    this.keys = keys;
  }
}
