package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of an inline profile. Values are drawn from [A-Za-z0-9]. */
public record InlineKey(
    @JsonPropertyDescription(
            "The Secret key and environment variable name, such as COOKIE_HASH_KEY.")
        @Required
        @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
        String name,
    @JsonPropertyDescription("The exact number of characters.") @Required @Min(16) @Max(4096)
        int length,
    @JsonPropertyDescription(
            "The rotation group: keys used together rotate together, such as cookie, session or"
                + " data.")
        @Required
        @Pattern("^[a-z][a-z0-9-]*$")
        String group,
    @JsonPropertyDescription(
            "grace (cookie and session keys: rotate with a grace period) or reencrypt (data at rest:"
                + " never rotated on a schedule). Default grace.")
        @Pattern("^(grace|reencrypt)$")
        String rotation,
    @JsonPropertyDescription("What the app uses the key for, for humans.") String purpose) {}
