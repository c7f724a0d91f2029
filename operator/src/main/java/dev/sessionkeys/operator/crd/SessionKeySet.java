package dev.sessionkeys.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A set of session keys the operator keeps present, valid and rotated in one Secret of the
 * resource's namespace.
 *
 * <p>A manual rotation is asked for with the annotation {@value #ROTATE_ANNOTATION} on the
 * resource: a comma-separated list of key groups ({@code cookie,session}, {@code all-sessions}, or
 * {@code data} named explicitly), optionally followed by {@code @anything} to tell two requests for
 * the same groups apart. The operator removes the annotation once it has acted on it.
 */
@Group(SessionKeySet.GROUP)
@Version(SessionKeySet.VERSION)
@Kind("SessionKeySet")
@Plural("sessionkeysets")
@Singular("sessionkeyset")
@ShortNames("sks")
// Printer columns are strings unless a type is given.
@AdditionalPrinterColumn(name = "Secret", jsonPath = ".status.secretName")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Valid",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
@AdditionalPrinterColumn(name = "Next-Rotation", jsonPath = ".status.nextRotation")
public class SessionKeySet extends CustomResource<SessionKeySetSpec, SessionKeySetStatus>
    implements Namespaced {

  private static final long serialVersionUID = 1L;

  public static final String GROUP = "sessionkeys.dev";
  public static final String VERSION = "v1alpha1";

  /** Annotation on the resource that asks for a rotation of the named groups. */
  public static final String ROTATE_ANNOTATION = "sessionkeys.dev/rotate";

  @Override
  protected SessionKeySetSpec initSpec() {
    return new SessionKeySetSpec();
  }
}
