package dev.sessionkeys.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The entry point {@code sessionkeys operator} calls: runs the operator until the process is told
 * to stop (SIGTERM, Ctrl-C) or this replica loses its leadership, then returns an exit code.
 */
public final class OperatorMain {

  /** Stopped on request. */
  public static final int OK = 0;

  /**
   * The cluster could not be reached or refused us, or leadership was lost (the pod restarts as a
   * candidate).
   */
  public static final int CLUSTER_FAILURE = 3;

  private static final Logger LOG = Logger.getLogger(OperatorMain.class.getName());

  private OperatorMain() {}

  /** Runs until stopped; returns {@link #OK} or {@link #CLUSTER_FAILURE}. */
  public static int run(OperatorOptions options) {
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(config(options)).build()) {
      return run(client, options);
    } catch (KubernetesClientException e) {
      System.err.println(
          "sessionkeys operator: cluster failure: " + whyNotStarted(e, options.leaderElection()));
      return CLUSTER_FAILURE;
    }
  }

  /** Runs on a client the caller owns, until stopped. */
  public static int run(KubernetesClient client, OperatorOptions options) {
    SessionKeysOperator running;
    try {
      running = SessionKeysOperator.start(client, options);
    } catch (RuntimeException e) {
      System.err.println(
          "sessionkeys operator: could not start against "
              + client.getMasterUrl()
              + ": "
              + whyNotStarted(e, options.leaderElection()));
      return CLUSTER_FAILURE;
    }
    Thread hook = new Thread(running::close, "sessionkeys-operator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      running.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
    if (running.lostLeadership()) {
      LOG.warning("lost the leader lease; stopping so that this replica restarts as a candidate");
      return CLUSTER_FAILURE;
    }
    return OK;
  }

  private static Config config(OperatorOptions options) {
    if (options.kubeconfig() == null) {
      return Config.autoConfigure(options.context());
    }
    Path file = Path.of(options.kubeconfig());
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new KubernetesClientException(
          "cannot read kubeconfig " + options.kubeconfig() + ": no readable file there");
    }
    return Config.fromKubeconfig(options.context(), file.toFile());
  }

  /**
   * One line saying why the operator could not start, with what to do: the API server refused us
   * (RBAC: most often the Lease for leader election), or could not be reached at all. The causes
   * are searched because JOSDK and fabric8 wrap them several levels deep.
   */
  static String whyNotStarted(Throwable failure, boolean leaderElection) {
    String localRun =
        leaderElection ? "; for a local run, --leader-elect=false needs no Lease permission" : "";
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException api
          && (api.getCode() == 401 || api.getCode() == 403)) {
        return "the API server refused a request (HTTP "
            + api.getCode()
            + (api.getCode() == 401 ? " Unauthorized" : " Forbidden")
            + "): "
            + oneLine(api)
            + "; give the operator's ServiceAccount the RBAC of the chart or deploy/rbac.yaml"
            + (leaderElection ? " (including get, create and update on leases)" : "")
            + localRun;
      }
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.nio.channels.UnresolvedAddressException
          || cause instanceof java.net.http.HttpConnectTimeoutException) {
        return "cannot reach the API server ("
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + oneLine(cause))
            + "); check --context and --kubeconfig, and that the cluster is up";
      }
    }
    return oneLine(failure) + localRun;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
