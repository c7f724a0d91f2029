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
    return switch (code) {
      case 0 ->
          new ClusterException(
              Kind.UNREACHABLE,
              0,
              "could not "
                  + attempted
                  + ": no answer from the API server ("
                  + rootCause(e)
                  + ") at "
                  + where
                  + "; check the server is reachable and --context/--kubeconfig are right",
              e);
      case 401 ->
          new ClusterException(
              Kind.UNAUTHORIZED,
              code,
              "could not "
                  + attempted
                  + ": unauthorized (401) at "
                  + where
                  + "; your credentials were rejected: log in again or check --context/--kubeconfig",
              e);
      case 403 ->
          new ClusterException(
              Kind.FORBIDDEN,
              code,
              "forbidden (403): you may not "
                  + verb
                  + " "
                  + resource
                  + " in "
                  + target
                  + " at "
                  + where
                  + "; ask for RBAC permission to '"
                  + verb
                  + "' '"
                  + resource
                  + "'"
                  + reason,
              e);
      case 404 ->
          new ClusterException(
              Kind.NOT_FOUND,
              code,
              "not found (404) while trying to " + attempted + " at " + where + reason,
              e);
      case 409 ->
          new ClusterException(
              Kind.CONFLICT,
              code,
              "conflict (409) while trying to "
                  + attempted
                  + " at "
                  + where
                  + ": someone else changed it at the same time"
                  + reason,
              e);
      default ->
          code >= 500
              ? new ClusterException(
                  Kind.SERVER_ERROR,
                  code,
                  "the API server failed ("
                      + code
                      + ") to "
                      + attempted
                      + " at "
                      + where
                      + reason
                      + "; nothing was changed by this request, try again",
                  e)
              : new ClusterException(
                  Kind.REJECTED,
                  code,
                  "the API server rejected ("
                      + code
                      + ") the request to "
                      + attempted
                      + " at "
                      + where
                      + reason,
                  e);
    };
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
