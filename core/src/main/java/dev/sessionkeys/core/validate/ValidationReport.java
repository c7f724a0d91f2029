package dev.sessionkeys.core.validate;

import dev.sessionkeys.core.KeySet;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SecretValidator} found in one Secret, and the values it read (stringData winning over
 * data, as the API server does), for callers that go on to use them.
 *
 * @param document the Secret judged
 * @param findings every finding, most severe first, in profile order within a severity
 * @param values the effective value of every key that could be read as text
 */
public record ValidationReport(SecretDocument document, List<Finding> findings, KeySet values) {

  public ValidationReport {
    Objects.requireNonNull(document, "document");
    findings = List.copyOf(findings);
    Objects.requireNonNull(values, "values");
  }

  /** Whether any finding is an error: the Secret should not be used as it is. */
  public boolean hasErrors() {
    return count(Severity.ERROR) > 0;
  }

  public long count(Severity severity) {
    long count = 0;
    for (Finding finding : findings) {
      if (finding.severity() == severity) {
        count++;
      }
    }
    return count;
  }
}
