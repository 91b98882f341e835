package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.stack.FreePorts;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The notification outbox survives a restart of srekg: what the first run could not deliver, because its receiver was
 * failing, the next run delivers, each state once and in order. Issue 22.
 */
@ExtendWith(RealStackExtension.class)
class NotificationRestartIT {

    private static final int PORT = FreePorts.pick();
    /**
     * Its own alerts topic: a new consumer group reads a topic from its start, and on the shared {@code sre.alerts}
     * the alerts of every earlier test in this JVM became incidents whose notifications queued before this test's
     * (in a full run, 68 incidents: its three states did not arrive within the minute).
     */
    private static final String ALERTS = "notification-restart-" + System.nanoTime() + ".alerts";

    private final NotificationReceiver receiver = new NotificationReceiver(PORT);

    @AfterEach
    void stopReceiver() {
        receiver.stop();
    }

    @Test
    void messagesPendingWhenSrekgStopsAreDeliveredOnceByTheNextRun(RealStack stack) {
        receiver.start(NotificationReceiver.Mode.FAIL);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        try (ConfigurableApplicationContext first = start(stack)) {
            KafkaRecords.send(
                    stack, ALERTS, null, NotificationReceiver.alert("restart-a", "firing", start, null), Map.of());
            awaitPending(stack, "n.state STARTS WITH 'suspect:'");
            KafkaRecords.send(
                    stack,
                    ALERTS,
                    null,
                    NotificationReceiver.alert("restart-a", "resolved", start, start.plusSeconds(20)),
                    Map.of());
            awaitPending(stack, "n.state = 'resolved'");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.seen(NotificationReceiver.Mode.FAIL) >= 3);
        }
        assertThat(Graphs.count(stack.driver(), OURS + "n.settledAt IS NULL RETURN count(n)"))
                .isEqualTo(3);
        assertThat(receiver.accepted()).isEmpty();
        String incident = stack.driver()
                .executableQuery("MATCH (i:Incident {service: 'restart-a'}) RETURN i.id AS id")
                .execute()
                .records()
                .get(0)
                .get("id")
                .asString();

        receiver.mode.set(NotificationReceiver.Mode.ACCEPT);
        try (ConfigurableApplicationContext second = start(stack)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ours(incident).size() == 3);
            // Nothing more for it arrives once its three states are delivered.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> ours(incident).size() == 3);
            assertThat(ours(incident))
                    .extracting(d -> d.key().substring(incident.length() + 1).replaceAll(":.*", ""))
                    .containsExactly("opened", "suspect", "resolved");
            assertThat(Graphs.count(stack.driver(), OURS + "n.outcome = 'delivered' RETURN count(n)"))
                    .isEqualTo(3);
        }
    }

    /** The notifications of this test's incident. */
    private static final String OURS =
            "MATCH (i:Incident {service: 'restart-a'}), (n:Notification {incident: i.id}) WHERE ";

    private static void awaitPending(RealStack stack, String where) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Graphs.count(stack.driver(), OURS + where + " RETURN count(n)"))
                        .isEqualTo(1));
    }

    private List<NotificationReceiver.Delivery> ours(String incident) {
        return receiver.accepted().stream()
                .filter(d -> d.key().startsWith(incident + ":"))
                .toList();
    }

    private static ConfigurableApplicationContext start(RealStack stack) {
        return new SpringApplicationBuilder(SrekgApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap(),
                        "--srekg.neo4j.uri=" + stack.boltUri(),
                        "--srekg.ingest.group-id=notification-restart-it",
                        "--srekg.ingest.topics.alerts=" + ALERTS,
                        "--srekg.ingest.traces.enabled=false",
                        "--srekg.api.incidents.poll-interval=300ms",
                        "--srekg.api.incidents.settle=2s",
                        "--srekg.api.notify.poll-interval=200ms",
                        "--srekg.api.notify.first-retry=200ms",
                        "--srekg.api.notify.max-retry=1s",
                        "--srekg.api.notify.lease=2s",
                        "--srekg.api.notify.receivers[0].name=ops",
                        "--srekg.api.notify.receivers[0].kind=webhook",
                        "--srekg.api.notify.receivers[0].url=http://127.0.0.1:" + PORT + "/hook",
                        "--srekg.api.notify.receivers[0].timeout=1s");
    }
}
