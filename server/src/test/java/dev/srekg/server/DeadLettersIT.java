package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A record that cannot be parsed goes to its topic's dead-letter topic with the reason, and the records around it
 * still land. Issue 3.
 */
class DeadLettersIT extends ServerIT {

    static Stream<Arguments> poison() {
        return Stream.of(
                Arguments.of(
                        "sre.deploys",
                        "{\"context\": {\"type\": \"dev.cdevents.service.deployed.0.2.0\", \"id\": \"%s\"",
                        "malformed JSON",
                        "cdevents/service-deployed.json",
                        "checkout"),
                Arguments.of(
                        "sre.scaling",
                        "{\"involvedObject\": {\"kind\": \"Deployment\"}, \"reason\": \"ScalingReplicaSet\", \"m\": \"%s\"}",
                        "missing required field metadata.uid",
                        "kubernetes/deployment-scaled.json",
                        "payment"),
                Arguments.of(
                        "sre.tickets",
                        "{\"webhookEvent\": \"jira:issue_created\", \"timestamp\": \"%s\"}",
                        "field timestamp must be an integer (epoch milliseconds)",
                        "github/issue-opened.json",
                        "shipping-service"),
                Arguments.of(
                        "sre.alerts",
                        "{\"version\": \"4\", \"alerts\": {\"m\": \"%s\"}}",
                        "field alerts must be an array",
                        "srekg/breach.json",
                        "frontend"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void poisonGoesToTheDeadLetterTopicAndTheRecordAfterItLands(
            String topic, String poisonTemplate, String reason, String good, String goodService, RealStack stack) {
        String marker = "marker-" + System.nanoTime();
        byte[] poison = poisonTemplate.formatted(marker).getBytes(StandardCharsets.UTF_8);
        KafkaRecords.send(stack, topic, "it", poison, Map.of("origin", "test"));
        KafkaRecords.send(stack, topic, "it", Fixtures.bytes(good), Map.of());

        ConsumerRecord<byte[], byte[]> dead = KafkaRecords.awaitRecord(
                stack, topic + ".dlq", r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker));
        assertThat(KafkaRecords.header(dead, "srekg.dlq.reason")).startsWith(reason);
        assertThat(KafkaRecords.header(dead, "srekg.dlq.source.topic")).isEqualTo(topic);
        assertThat(KafkaRecords.header(dead, "origin")).isEqualTo("test");
        assertThat(dead.value()).isEqualTo(poison);

        awaitCount(stack, "MATCH (s:Service {name: '" + goodService + "'}) RETURN count(s)", 1);
    }

    @Test
    void invalidUtf8IsDeadLetteredWithItsBytesIntact(RealStack stack) {
        byte[] poison = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ' ', '7', '7', '1'};
        KafkaRecords.send(stack, "sre.tickets", "utf8", poison, Map.of());

        ConsumerRecord<byte[], byte[]> dead =
                KafkaRecords.awaitRecord(stack, "sre.tickets.dlq", r -> java.util.Arrays.equals(r.value(), poison));
        assertThat(KafkaRecords.header(dead, "srekg.dlq.reason")).containsIgnoringCase("UTF-8");
    }

    @Test
    void wellFormedEventsOfOtherKindsAreSkippedNotDeadLettered(RealStack stack) {
        KafkaRecords.send(stack, "sre.scaling", "it", Fixtures.bytes("kubernetes/pod-pulled.json"), Map.of());
        KafkaRecords.send(stack, "sre.scaling", "it", Fixtures.bytes("kubernetes/deployment-scaled.json"), Map.of());
        awaitCount(stack, "MATCH (e:ScaleEvent)-[:SCALES]->(:Service {name: 'payment'}) RETURN count(e)", 1);

        assertThat(KafkaRecords.readAll(stack, "sre.scaling.dlq"))
                .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("77777777-1111-4222-8333"));
        assertThat(json(get("/actuator/health/ingest"))
                        .path("details")
                        .path("streams")
                        .path("sre.scaling")
                        .path("skipped")
                        .asLong())
                .isPositive();
    }
}
