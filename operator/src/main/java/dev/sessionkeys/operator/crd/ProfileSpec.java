package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Which keys the Secret holds: a built-in profile by name, or an inline list of keys. */
public record ProfileSpec(
    @JsonPropertyDescription(
            "A built-in profile, such as fairwinds-insights (the default when neither name nor"
                + " keys is given).")
        String name,
    @JsonPropertyDescription(
            "An inline profile: the keys, in the order they are written. Exclusive with name.")
        List<InlineKey> keys) {}
