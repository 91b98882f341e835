package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.test.Fixtures;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replaying every topic from the beginning gives an identical graph. Runs ingest-only applications on topics of its
 * own, so no other test's records take part. Issue 3.
 */
@ExtendWith(RealStackExtension.class)
class ReplayIT {

    /** Incidents are derived from breaches by the API, asynchronously: not part of what replay must reproduce. */
    private static final Set<String> DERIVED = Set.of("Incident");

    private static final Set<String> RECORD_TIME = Set.of("recordedAt", "endRecordedAt", "closedRecordedAt");

    @Test
    void replayingEveryTopicGivesAnIdenticalGraph(RealStack stack) {
        String prefix = "replay" + System.nanoTime();
        List<String> topics =
                List.of(prefix + ".deploys", prefix + ".scaling", prefix + ".tickets", prefix + ".alerts");
        try (var first = ingest(stack, prefix, "first")) {
            produceMixedWorld(stack, prefix);
            KafkaRecords.awaitConsumed(stack, t -> IngestWorkers.groupOf(prefix + "-first", t), topics);
        }
        List<String> original = Graphs.snapshot(stack.driver(), Set.of(), DERIVED);
        List<String> originalEventFacts = Graphs.snapshot(stack.driver(), RECORD_TIME, DERIVED);
        assertThat(original)
                .anyMatch(l -> l.startsWith("node [ScaleEvent]"))
                .anyMatch(l -> l.startsWith("node [Ticket]"));
        assertThat(original).anyMatch(l -> l.startsWith("node [SloBreach]")).anyMatch(l -> l.startsWith("node [Team]"));

        // Redelivery of everything onto the same graph changes nothing, record times included.
        try (var again = ingest(stack, prefix, "again")) {
            KafkaRecords.awaitConsumed(stack, t -> IngestWorkers.groupOf(prefix + "-again", t), topics);
        }
        assertThat(Graphs.snapshot(stack.driver(), Set.of(), DERIVED)).isEqualTo(original);

        // Replay into an empty graph rebuilds it; only the record times (when srekg learned each fact) differ.
        Graphs.deleteAllData(stack.driver());
        try (var rebuilt = ingest(stack, prefix, "rebuilt")) {
            KafkaRecords.awaitConsumed(stack, t -> IngestWorkers.groupOf(prefix + "-rebuilt", t), topics);
        }
        assertThat(Graphs.snapshot(stack.driver(), RECORD_TIME, DERIVED)).isEqualTo(originalEventFacts);
    }

    private static void produceMixedWorld(RealStack stack, String prefix) {
        send(stack, prefix + ".deploys", "cdevents/service-deployed.json");
        send(stack, prefix + ".deploys", "cdevents/service-upgraded-structured.json");
        send(stack, prefix + ".deploys", "cdevents/service-rolledback.json");
        send(stack, prefix + ".deploys", "pagerduty/change-event.json");
        send(stack, prefix + ".deploys", "cdevents/truncated.json");
        send(stack, prefix + ".scaling", "kubernetes/hpa-successful-rescale.json");
        send(stack, prefix + ".scaling", "kubernetes/hpa-failed-rescale.json");
        send(stack, prefix + ".scaling", "kubernetes/deployment-scaled.json");
        send(stack, prefix + ".scaling", "kubernetes/pod-pulled.json");
        send(stack, prefix + ".tickets", "jira/issue-created.json");
        send(stack, prefix + ".tickets", "jira/issue-resolved.json");
        send(stack, prefix + ".tickets", "github/issue-opened.json");
        send(stack, prefix + ".tickets", "github/issue-closed-labeled.json");
        send(stack, prefix + ".alerts", "alertmanager/sloth-firing.json");
        send(stack, prefix + ".alerts", "alertmanager/sloth-resolved.json");
        send(stack, prefix + ".alerts", "alertmanager/pyrra-grafana-generic.json");
        send(stack, prefix + ".alerts", "srekg/breach.json");
    }

    private static void send(RealStack stack, String topic, String fixture) {
        KafkaRecords.send(stack, topic, null, Fixtures.bytes(fixture), Map.of());
    }

    private static ConfigurableApplicationContext ingest(RealStack stack, String prefix, String run) {
        return IngestOnly.start(stack, prefix, run);
    }
}
