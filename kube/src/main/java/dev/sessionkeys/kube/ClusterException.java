package dev.sessionkeys.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The cluster failed or refused a request: unreachable, unauthorized, forbidden, a missing
 * namespace or object, a server error, or a conflict that persisted after re-reading. The message
 * names what was attempted (verb, resource, namespace, name) and where (context and server), and
 * never holds a key value. Every operation of this module fails with this type before it has
 * changed anything, or says in the message what was already changed.
 */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /**
     * The kubeconfig is missing, unreadable, not YAML, or lacks the context asked for: the user's
     * input, not the cluster.
     */
    CONFIGURATION,
    UNREACHABLE,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    SERVER_ERROR,
    REJECTED
  }

  private final Kind kind;
  private final int httpCode;

  public ClusterException(Kind kind, int httpCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpCode = httpCode;
  }

  /** Our own refusal or failure, with no exception behind it. */
  ClusterException(Kind kind, int httpCode, String message) {
    this(kind, httpCode, message, null);
  }

  /** This failure, said with {@code message} (which must keep what this one says). */
  ClusterException withMessage(String message) {
    return new ClusterException(kind, httpCode, message, this);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status code, or 0 when no response came. */
  public int httpCode() {
    return httpCode;
  }

  /**
   * Translates a client failure of one request.
   *
   * @param verb the Kubernetes verb attempted ({@code get}, {@code list}, {@code create}, {@code
   *     update}, {@code patch})
   * @param resource the resource ({@code secrets}, {@code namespaces}, {@code deployments})
   * @param target {@code namespace/name}, a namespace, or {@code all namespaces}
   * @param where the context and server, as {@link KubeCluster#describe()} says them
   */
  static ClusterException of(
      KubernetesClientException e, String verb, String resource, String target, String where) {
    // fabric8 reports "no HTTP response" (refused, reset, timed out, TLS failure) as code 0 or -1.
    int code = e.getCode() <= 0 ? 0 : e.getCode();
    String attempted = verb + " " + resource + " (" + target + ")";
    String reason = serverReason(e);
    Kind kind =
        switch (code) {
          case 0 -> Kind.UNREACHABLE;
          case 401 -> Kind.UNAUTHORIZED;
          case 403 -> Kind.FORBIDDEN;
          case 404 -> Kind.NOT_FOUND;
          case 409 -> Kind.CONFLICT;
          default -> code >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
        };
    String message =
        switch (kind) {
          case UNREACHABLE ->
              "could not %s: no answer from the API server (%s) at %s; check the server is reachable and --context/--kubeconfig are right"
                  .formatted(attempted, rootCause(e), where);
          case UNAUTHORIZED ->
              "could not %s: unauthorized (401) at %s; your credentials were rejected: log in again or check --context/--kubeconfig"
                  .formatted(attempted, where);
          case FORBIDDEN ->
              "forbidden (403): you may not %s %s in %s at %s; ask for RBAC permission to '%s' '%s'%s"
                  .formatted(verb, resource, target, where, verb, resource, reason);
          case NOT_FOUND ->
              "not found (404) while trying to %s at %s%s".formatted(attempted, where, reason);
          case CONFLICT ->
              "conflict (409) while trying to %s at %s: someone else changed it at the same time%s"
                  .formatted(attempted, where, reason);
          case SERVER_ERROR ->
              "the API server failed (%d) to %s at %s%s; nothing was changed by this request, try again"
                  .formatted(code, attempted, where, reason);
          default ->
              "the API server rejected (%d) the request to %s at %s%s"
                  .formatted(code, attempted, where, reason);
        };
    return new ClusterException(kind, code, message, e);
  }

  private static String serverReason(KubernetesClientException e) {
    if (e.getStatus() != null
        && e.getStatus().getMessage() != null
        && !e.getStatus().getMessage().isBlank()) {
      // The server's own message names objects and users, never data values.
      return " (server said: " + e.getStatus().getMessage().strip() + ")";
    }
    return "";
  }

  /**
   * The innermost cause that says something, such as {@code ConnectException: Connection refused}.
   */
  private static String rootCause(Throwable e) {
    String said = null;
    Throwable innermost = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      innermost = t;
      if (t != e && t.getMessage() != null && !t.getMessage().isBlank()) {
        said = t.getClass().getSimpleName() + ": " + t.getMessage().strip();
      }
    }
    return said != null ? said : innermost.getClass().getSimpleName();
  }
}
