package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The graph answers both "what was true at T" (event time) and "what did we know at K" (record time). Issue 3. */
class AsOfIT extends ServerIT {

    @Test
    void runningVersionFollowsEventTimeAndWhatWasKnown(RealStack stack) {
        send(stack, "d-1", "1.0.0", "2026-11-20T08:00:00Z");
        awaitCount(stack, "MATCH (d:Deployment {version: '1.0.0'}) RETURN count(d)", 1);
        Instant knownV1 =
                Instant.parse(deployments("now").get(0).path("recordedAt").asString());

        send(stack, "d-2", "2.0.0", "2026-11-20T09:00:00Z");
        awaitCount(stack, "MATCH (d:Deployment {version: '2.0.0'}) RETURN count(d)", 1);

        assertThat(running("2026-11-20T08:30:00Z", null)).isEqualTo("1.0.0");
        assertThat(running("2026-11-20T09:30:00Z", null)).isEqualTo("2.0.0");
        assertThat(running("2026-11-20T07:00:00Z", null)).isEmpty();
        // What srekg knew right after the first deploy arrived: 2.0.0 was not known yet.
        assertThat(running("2026-11-20T09:30:00Z", knownV1.toString())).isEqualTo("1.0.0");
        assertThat(deployments(knownV1.toString())).hasSize(1);
    }

    @Test
    void breachStaysActiveAsOfTheMomentsBeforeItsResolutionWasKnown(RealStack stack) {
        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of());
        awaitCount(stack, "MATCH (b:SloBreach) RETURN count(b)", 1);
        Instant beforeResolution = Instant.now();

        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-resolved.json"), Map.of());
        awaitCount(stack, "MATCH (b:SloBreach) WHERE b.endsAt IS NOT NULL RETURN count(b)", 1);

        String after = "2026-11-20T11:30:00Z";
        assertThat(json(get("/api/v1/services/checkout?at=" + after))
                        .path("activeBreaches")
                        .size())
                .isZero();
        JsonNode believed = json(get("/api/v1/services/checkout?at=" + after + "&knownAt=" + beforeResolution));
        assertThat(believed.path("activeBreaches").size()).isEqualTo(1);
        assertThat(believed.path("activeBreaches").get(0).path("endsAt").isNull())
                .isTrue();
    }

    private void send(RealStack stack, String id, String version, String at) {
        String event = new String(Fixtures.bytes("cdevents/service-deployed.json"), StandardCharsets.UTF_8)
                .replace("271069a8-fc18-44f1-b38f-9d70a1695819", id)
                .replace("2026-11-20T10:15:00Z", at)
                .replace("sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427", version);
        KafkaRecords.send(stack, "sre.deploys", "checkout", event.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private String running(String at, String knownAt) {
        String query = "/api/v1/services/checkout?at=" + at + (knownAt == null ? "" : "&knownAt=" + knownAt);
        return json(get(query)).path("running").path("version").asString("");
    }

    private java.util.List<JsonNode> deployments(String knownAt) {
        String query = "/api/v1/services/checkout" + (knownAt.equals("now") ? "" : "?knownAt=" + knownAt);
        return json(get(query)).path("deployments").valueStream().toList();
    }
}
