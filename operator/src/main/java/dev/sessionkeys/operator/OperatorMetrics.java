package dev.sessionkeys.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's Prometheus metrics, written in the text exposition format (version 0.0.4) without
 * a metrics library: a handful of counters and one gauge family do not justify one.
 */
public final class OperatorMetrics {

  private final Clock clock;
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong secretWrites = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicBoolean leader = new AtomicBoolean();

  /** namespace/name -> group -> when its current keys were made. */
  private final Map<String, Map<String, Instant>> keyBirth = new ConcurrentHashMap<>();

  /**
   * Whether a namespace/name still exists; key ages of deleted sets are dropped at the next scrape.
   */
  private volatile java.util.function.BiPredicate<String, String> exists =
      (namespace, name) -> true;

  public OperatorMetrics(Clock clock) {
    this.clock = clock;
  }

  void existenceCheck(java.util.function.BiPredicate<String, String> check) {
    this.exists = check;
  }

  void reconciled() {
    reconciles.incrementAndGet();
  }

  void failed() {
    failures.incrementAndGet();
  }

  void secretWritten() {
    secretWrites.incrementAndGet();
  }

  void rotated(int groups) {
    rotations.addAndGet(groups);
  }

  void leader(boolean isLeader) {
    leader.set(isLeader);
  }

  void keyBirth(String namespace, String name, Map<String, Instant> birthByGroup) {
    keyBirth.put(namespace + "/" + name, Map.copyOf(birthByGroup));
  }

  public long reconcileCount() {
    return reconciles.get();
  }

  public long failureCount() {
    return failures.get();
  }

  public boolean isLeader() {
    return leader.get();
  }

  /** The metrics in Prometheus' text format. */
  public String scrape() {
    StringBuilder out =
        new StringBuilder(
            """
            # HELP sessionkeys_reconciles_total Reconciliations of SessionKeySets.
            # TYPE sessionkeys_reconciles_total counter
            sessionkeys_reconciles_total %s
            # HELP sessionkeys_reconcile_failures_total Reconciliations that ended in an error.
            # TYPE sessionkeys_reconcile_failures_total counter
            sessionkeys_reconcile_failures_total %s
            # HELP sessionkeys_secret_writes_total Secret creations and updates.
            # TYPE sessionkeys_secret_writes_total counter
            sessionkeys_secret_writes_total %s
            # HELP sessionkeys_rotations_total Key groups rotated (scheduled, requested or repaired).
            # TYPE sessionkeys_rotations_total counter
            sessionkeys_rotations_total %s
            # HELP sessionkeys_leader 1 when this replica holds the leader lease.
            # TYPE sessionkeys_leader gauge
            sessionkeys_leader %s
            # HELP sessionkeys_key_age_seconds Age of the current keys of a group, per SessionKeySet.
            # TYPE sessionkeys_key_age_seconds gauge
            """
                .formatted(
                    reconciles.get(),
                    failures.get(),
                    secretWrites.get(),
                    rotations.get(),
                    leader.get() ? 1 : 0));
    Instant now = clock.instant();
    for (Map.Entry<String, Map<String, Instant>> set : new TreeMap<>(keyBirth).entrySet()) {
      String[] id = set.getKey().split("/", 2);
      if (!exists.test(id[0], id[1])) {
        keyBirth.remove(set.getKey());
        continue;
      }
      for (Map.Entry<String, Instant> group : new TreeMap<>(set.getValue()).entrySet()) {
        long age = Math.max(0, Duration.between(group.getValue(), now).toSeconds());
        out.append("sessionkeys_key_age_seconds{namespace=\"")
            .append(escape(id[0]))
            .append("\",name=\"")
            .append(escape(id[1]))
            .append("\",group=\"")
            .append(escape(group.getKey()))
            .append("\"} ")
            .append(age)
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
