package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.Otlp;
import dev.srekg.test.EventTime;
import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/** Every Cypher example of docs/graph-model.md runs against the real stack and returns what it says. */
class DocsIT extends ServerIT {

    @Test
    void graphModelExamplesRunAndAnswer(RealStack stack) throws Exception {
        KafkaRecords.send(stack, "sre.deploys", "docs", Fixtures.bytes("cdevents/service-deployed.json"), Map.of());
        KafkaRecords.send(
                stack, "sre.scaling", "docs", Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), Map.of());
        KafkaRecords.send(stack, "sre.tickets", "docs", Fixtures.bytes("jira/issue-created.json"), Map.of());
        KafkaRecords.send(stack, "sre.alerts", "docs", Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of());
        awaitCount(stack, "MATCH (d:Deployment) RETURN count(d)", 1);
        awaitCount(stack, "MATCH (e:ScaleEvent) RETURN count(e)", 1);
        awaitCount(stack, "MATCH (t:Ticket) RETURN count(t)", 1);
        awaitCount(stack, "MATCH (b:SloBreach) RETURN count(b)", 1);
        Instant hour = EventTime.nextHour();
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(
                        Otlp.span("frontend", Otlp.trace(77), Otlp.span(1), "", Otlp.CLIENT, hour.plusSeconds(300), 40),
                        Otlp.span(
                                "checkout",
                                Otlp.trace(77),
                                Otlp.span(2),
                                Otlp.span(1),
                                Otlp.SERVER,
                                hour.plusSeconds(300),
                                30))),
                Map.of());
        awaitCount(stack, "MATCH (h:EdgeHour) RETURN count(h)", 1);

        List<String> examples = CypherCookbook.blocks("graph-model.md");
        assertThat(examples).hasSize(7);
        Map<String, Object> params = Map.of(
                "service", "checkout",
                "at", OffsetDateTime.parse("2026-11-20T10:45:00Z"),
                "knownAt", OffsetDateTime.now());

        try (Session session = stack.driver().session()) {
            List<Record> version = session.run(examples.get(0), params).list();
            assertThat(version)
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("version").asString()).startsWith("sha256:0b31b1c0"));
            List<Record> breaches = session.run(examples.get(1), params).list();
            assertThat(breaches)
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("slo").asString()).isEqualTo("requests-availability"));
            List<Record> changes = session.run(examples.get(2), params).list();
            assertThat(changes).extracting(r -> r.get("kind").asString()).containsExactly("ScaleEvent", "Deployment");
            Record ticketsAndTeams = session.run(examples.get(3), params).single();
            assertThat(ticketsAndTeams.get("openTickets").asList()).containsExactly("jira:OPS-1234");
            assertThat(ticketsAndTeams.get("teams").asList()).containsExactly("payments");
            Record edge = session.run(
                            examples.get(4),
                            Map.of(
                                    "service",
                                    "checkout",
                                    "at",
                                    hour.plusSeconds(1800).atOffset(java.time.ZoneOffset.UTC)))
                    .single();
            assertThat(edge.get("caller").asString()).isEqualTo("frontend");
            assertThat(edge.get("calls").asLong()).isEqualTo(1);
            assertThat(edge.get("errorRate").asDouble()).isZero();
            assertThat(edge.get("latencyBuckets").asList(org.neo4j.driver.Value::asLong))
                    .hasSize(14);
            // issue 15: one environment's edges; the spans name prod
            Map<String, Object> environment =
                    Map.of("env", "prod", "at", hour.plusSeconds(1800).atOffset(java.time.ZoneOffset.UTC));
            assertThat(session.run(examples.get(5), environment).list())
                    .extracting(r ->
                            r.get("caller").asString() + "->" + r.get("callee").asString())
                    .containsExactly("frontend->checkout");
            assertThat(session.run(examples.get(5), Map.of("env", "staging", "at", environment.get("at")))
                            .list())
                    .isEmpty();
            // No call of these spans crosses environments (EnvironmentsIT has one that does).
            assertThat(session.run(examples.get(6), environment).list()).isEmpty();
        }
    }
}
