package dev.sessionkeys.operator;

import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records Kubernetes Events on a SessionKeySet, as {@code kubectl describe} shows them. An Event
 * that cannot be written is logged and dropped: it must never fail or repeat a reconciliation that
 * already changed a Secret.
 */
record EventRecorder(KubernetesClient client, Clock clock) {

  static final String COMPONENT = "sessionkeys-operator";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

  void record(SessionKeySet set, Note note) {
    String namespace = set.getMetadata().getNamespace();
    String now = clock.instant().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                set.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(set.getApiVersion())
                    .withKind(set.getKind())
                    .withName(set.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(set.getMetadata().getUid())
                    .build())
            .withType(note.warning() ? "Warning" : "Normal")
            .withReason(note.reason())
            .withMessage(
                note.message().length() > 1000
                    ? note.message().substring(0, 1000) + "..."
                    : note.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.log(
          Level.WARNING,
          "could not record event {0} on {1}/{2}: HTTP {3}",
          new Object[] {note.reason(), namespace, set.getMetadata().getName(), e.getCode()});
    }
  }
}
