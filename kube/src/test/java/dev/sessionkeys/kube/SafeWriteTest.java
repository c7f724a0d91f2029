package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared read → decide → write loop: what it retries, how often, and what it lets through. */
class SafeWriteTest {

  static ClusterException conflict() {
    return new ClusterException(ClusterException.Kind.CONFLICT, 409, "changed", null);
  }

  @Test
  void aConflictRunsTheAttemptAgainOnFreshDataUntilItSucceeds() {
    List<Integer> attempts = new ArrayList<>();
    String result =
        SafeWrite.run(
            3,
            attempt -> {
              attempts.add(attempt);
              if (attempt < 3) {
                throw conflict();
              }
              return "done";
            },
            last -> new IllegalStateException("gave up"));
    assertThat(result).isEqualTo("done");
    assertThat(attempts).containsExactly(1, 2, 3);
  }

  @Test
  void afterTheLastConflictTheCallerSaysWhatHappened() {
    ClusterException[] last = new ClusterException[1];
    List<Integer> attempts = new ArrayList<>();
    assertThatThrownBy(
            () ->
                SafeWrite.run(
                    2,
                    attempt -> {
                      attempts.add(attempt);
                      last[0] = conflict();
                      throw last[0];
                    },
                    conflict -> new IllegalStateException("kept changing", conflict)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("kept changing")
        .cause()
        .isSameAs(last[0]);
    assertThat(attempts).containsExactly(1, 2);
  }

  @Test
  void anyOtherFailureAndARefusalPassThroughAtOnce() {
    List<Integer> attempts = new ArrayList<>();
    ClusterException forbidden =
        new ClusterException(ClusterException.Kind.FORBIDDEN, 403, "no", null);
    assertThatThrownBy(
            () ->
                SafeWrite.run(
                    3,
                    attempt -> {
                      attempts.add(attempt);
                      throw forbidden;
                    },
                    last -> new IllegalStateException("gave up")))
        .isSameAs(forbidden);
    assertThat(attempts).containsExactly(1);
    Exception refusal = new Exception("refused");
    assertThatThrownBy(
            () ->
                SafeWrite.<String, Exception>run(
                    3,
                    attempt -> {
                      throw refusal;
                    },
                    last -> new IllegalStateException("gave up")))
        .isSameAs(refusal);
  }

  @Test
  void fabric8ConflictsCountAsConflictsToo() {
    assertThat(SafeWrite.isConflict(new KubernetesClientException("x", 409, null))).isTrue();
    assertThat(SafeWrite.isConflict(new KubernetesClientException("x", 404, null))).isFalse();
    assertThat(SafeWrite.isConflict(conflict())).isTrue();
    assertThat(
            SafeWrite.isConflict(
                new ClusterException(ClusterException.Kind.NOT_FOUND, 404, "gone", null)))
        .isFalse();
    assertThat(SafeWrite.isConflict(new IllegalStateException("409"))).isFalse();
  }

  @Test
  void atLeastOneAttempt() {
    assertThatThrownBy(() -> SafeWrite.run(0, attempt -> "x", last -> conflict()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1");
    String once = SafeWrite.run(1, attempt -> "x" + attempt, last -> conflict());
    assertThat(once).isEqualTo("x1");
  }
}
