package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.test.Fixtures;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A CDEvents deploy goes through the real broker into the real Neo4j and out of the API. Issue 2. */
class WalkingSkeletonIT extends ServerIT {

    private static final Map<String, String> BINARY_MODE = Map.of(
            "ce_specversion", "1.0",
            "ce_id", "271069a8-fc18-44f1-b38f-9d70a1695819",
            "ce_source", "/tekton/prod/pipelinerun/checkout-release-1842",
            "ce_type", "dev.cdevents.service.deployed.0.2.0",
            "ce_time", "2026-11-20T10:15:00Z",
            "content-type", "application/json");

    @Test
    void deployedEventBecomesADeploymentOfItsServiceServedByTheApi(RealStack stack) {
        KafkaRecords.send(
                stack, "sre.deploys", "checkout", Fixtures.bytes("cdevents/service-deployed.json"), BINARY_MODE);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/api/v1/services/checkout").statusCode())
                        .isEqualTo(200));
        JsonNode service = json(get("/api/v1/services/checkout"));
        assertThat(service.path("name").asString()).isEqualTo("checkout");
        assertThat(service.path("firstSeen").asString()).isEqualTo("2026-11-20T10:15:00Z");
        JsonNode deployment = service.path("deployments").get(0);
        assertThat(deployment.path("version").asString())
                .isEqualTo("sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427");
        assertThat(deployment.path("environment").asString()).isEqualTo("prod");
        assertThat(deployment.path("action").asString()).isEqualTo("DEPLOYED");
        assertThat(deployment.path("at").asString()).isEqualTo("2026-11-20T10:15:00Z");
        assertThat(service.path("running").path("key").asString())
                .isEqualTo(deployment.path("key").asString());

        assertThat(
                        Graphs.count(
                                stack.driver(),
                                "MATCH (:Deployment {service: 'checkout'})-[:DEPLOYS]->(:Service {name: 'checkout'}) RETURN count(*)"))
                .isEqualTo(1);
        JsonNode list = json(get("/api/v1/services"));
        assertThat(list.valueStream()
                        .map(s -> s.path("name").asString() + "@"
                                + s.path("version").asString()))
                .containsExactly("checkout@sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427");
    }

    // Every record of these tests is keyed "checkout", so they share a partition and are consumed in order: once the
    // last record of a test is visible, every earlier one has been consumed too, and nothing leaks into the next test.

    @Test
    void redeliveredEventWritesNothingTwice(RealStack stack) {
        byte[] event = Fixtures.bytes("cdevents/service-deployed.json");
        KafkaRecords.send(stack, "sre.deploys", "checkout", event, Map.of());
        KafkaRecords.send(stack, "sre.deploys", "checkout", event, Map.of());
        // A marker sent after both: once it is in the graph, both copies have been consumed.
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "checkout",
                Fixtures.bytes("cdevents/service-upgraded-structured.json"),
                Map.of());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(get("/api/v1/services/payment").statusCode()).isEqualTo(200));
        assertThat(Graphs.count(stack.driver(), "MATCH (d:Deployment {service: 'checkout'}) RETURN count(d)"))
                .isEqualTo(1);
        assertThat(Graphs.count(stack.driver(), "MATCH (s:Service {name: 'checkout'}) RETURN count(s)"))
                .isEqualTo(1);
    }

    @Test
    void anOlderDeployArrivingLateDoesNotChangeTheRunningVersion(RealStack stack) {
        String newer = new String(Fixtures.bytes("cdevents/service-deployed.json"), StandardCharsets.UTF_8);
        String older = newer.replace("271069a8-fc18-44f1-b38f-9d70a1695819", "00000000-0000-4000-8000-00000000aaaa")
                .replace("2026-11-20T10:15:00Z", "2026-11-19T08:00:00Z")
                .replace("sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427", "1.3.9");

        KafkaRecords.send(stack, "sre.deploys", "checkout", newer.getBytes(StandardCharsets.UTF_8), Map.of());
        KafkaRecords.send(stack, "sre.deploys", "checkout", older.getBytes(StandardCharsets.UTF_8), Map.of());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(json(get("/api/v1/services/checkout"))
                                .path("deployments")
                                .size())
                        .isEqualTo(2));
        JsonNode service = json(get("/api/v1/services/checkout"));
        assertThat(service.path("running").path("version").asString()).startsWith("sha256:");
        assertThat(service.path("firstSeen").asString()).isEqualTo("2026-11-19T08:00:00Z");
        JsonNode asOfThen = json(get("/api/v1/services/checkout?at=2026-11-20T00:00:00Z"));
        assertThat(asOfThen.path("running").path("version").asString()).isEqualTo("1.3.9");
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn(RealStack stack) {
        String marker = "poison-" + System.nanoTime();
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "checkout",
                ("{\"marker\":\"" + marker + "\"").getBytes(StandardCharsets.UTF_8),
                Map.of());
        KafkaRecords.send(stack, "sre.deploys", "checkout", Fixtures.bytes("cdevents/service-deployed.json"), Map.of());

        ConsumerRecord<byte[], byte[]> dead = KafkaRecords.awaitRecord(
                stack, "sre.deploys.dlq", r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker));
        assertThat(KafkaRecords.header(dead, "srekg.dlq.reason")).startsWith("malformed JSON");
        assertThat(KafkaRecords.header(dead, "srekg.dlq.source.topic")).isEqualTo("sre.deploys");
        assertThat(KafkaRecords.header(dead, "srekg.dlq.source.partition")).matches("\\d+");
        assertThat(KafkaRecords.header(dead, "srekg.dlq.source.offset")).matches("\\d+");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("checkout");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/api/v1/services/checkout").statusCode())
                        .isEqualTo(200));
    }
}
