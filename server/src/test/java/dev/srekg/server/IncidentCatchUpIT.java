package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import tools.jackson.databind.JsonNode;

/**
 * An incident that settled long ago recomputes its context when late traffic of its window lands, and says when it
 * last did. Issue 21.
 */
class IncidentCatchUpIT extends ServerIT {

    @Test
    void settledIncidentRecomputesItsContextWhenLateTrafficOfItsWindowLands(RealStack stack) {
        // Traffic after the breach moves the spans' watermark on: what comes for the breach's window is late. Other
        // tests of this context send spans too, maybe later ones: the breach is placed two hours before the watermark.
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(span(
                        "clock-tick",
                        trace(77_001),
                        Otlp.span(1),
                        "",
                        SERVER,
                        Instant.now().truncatedTo(ChronoUnit.MINUTES),
                        5))),
                Map.of());
        awaitCount(stack, "MATCH (h:ServiceHour {service: 'clock-tick'}) RETURN count(h)", 1);
        Instant t = watermark(stack).truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "billing",
                ("{\"srekg\": \"deploy\", \"id\": \"bill-3\", \"service\": \"billing\", \"version\": \"3.0\", \"at\": \""
                                + t.minusSeconds(600) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
        awaitCount(stack, "MATCH (d:Deployment {service: 'billing'}) RETURN count(d)", 1);

        post("/api/v1/alerts", "application/json", alert(t));
        JsonNode incident = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents"))
                                .valueStream()
                                .filter(i -> i.path("service").asString().equals("billing"))
                                .findFirst()
                                .orElse(null),
                        i -> i != null);
        String id = incident.path("id").asString();
        assertThat(json(get("/api/v1/incidents/" + id))
                        .path("context")
                        .path("dependencies")
                        .path("downstream"))
                .isEmpty();
        // Settled: recorded an hour ago, no longer recomputed on every poll.
        try (Session session = stack.driver().session()) {
            session.run(
                            "MATCH (i:Incident {id: $id}) SET i.recordedAt = datetime() - duration('PT1H')",
                            Map.of("id", id))
                    .consume();
        }
        Instant computed = Instant.parse(json(get("/api/v1/incidents/" + id))
                .path("incident")
                .path("computedAt")
                .asString());

        // A collector delivers billing's spans of the 20 minutes before the breach and 5 after, two hours late.
        List<Otlp.S> spans = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Instant at = t.minusSeconds(1200).plusSeconds(10L * i);
            String tr = trace(77_100 + i);
            spans.add(span("billing", tr, Otlp.span(1), "", CLIENT, at, 20));
            Otlp.S store = span("billing-store", tr, Otlp.span(2), Otlp.span(1), SERVER, at.plusMillis(1), 15);
            spans.add(at.isAfter(t.minusSeconds(600)) && i % 2 == 0 ? store.failed() : store);
        }
        KafkaRecords.send(stack, "otlp_spans", null, Otlp.proto(spans), Map.of());

        JsonNode detail = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> json(get("/api/v1/incidents/" + id)),
                        d -> !d.path("context")
                                .path("dependencies")
                                .path("downstream")
                                .isEmpty());
        JsonNode store =
                detail.path("context").path("dependencies").path("downstream").get(0);
        assertThat(store.path("service").asString()).isEqualTo("billing-store");
        assertThat(store.path("after").path("errors").asLong()).isPositive();
        assertThat(Instant.parse(detail.path("incident").path("computedAt").asString()))
                .isAfter(computed);
    }

    /** The watermark the spans worker has written through. */
    private static Instant watermark(RealStack stack) {
        try (Session session = stack.driver().session()) {
            return session.run("MATCH (c:TraceCheckpoint {topic: 'otlp_spans'}) RETURN max(c.flushedThrough) AS w")
                    .single()
                    .get("w")
                    .asZonedDateTime()
                    .toInstant();
        }
    }

    private static byte[] alert(Instant startsAt) {
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"billing\", \"sloth_slo\": \"availability\", \"sloth_severity\": \"page\"},"
                        + " \"annotations\": {}, \"startsAt\": \"" + startsAt
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\","
                        + " \"fingerprint\": \"bill000000000001\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
