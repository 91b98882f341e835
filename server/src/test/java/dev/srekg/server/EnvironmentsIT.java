package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.test.EventTime;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import tools.jackson.databind.JsonNode;

/**
 * Environments in service identity (issue 15): the same names in prod and staging are two services each with its own
 * traffic, deploys and incidents, and a producer that names no environment puts its service in the default one.
 * Every record goes through the real broker to the real Neo4j.
 */
class EnvironmentsIT extends ServerIT {

    @Test
    void prodAndStagingSpansWithTheSameNamesMakeTwoGraphsWithExactCallCounts(RealStack stack) {
        Instant t = EventTime.nextHour().plusSeconds(62);
        List<Otlp.S> spans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spans.addAll(call(trace(1500 + i), t.plusSeconds(i), false, "prod"));
        }
        for (int i = 0; i < 2; i++) {
            spans.addAll(call(trace(1600 + i), t.plusSeconds(i), i == 0, "staging"));
        }
        KafkaRecords.send(stack, "otlp_spans", null, Otlp.proto(spans), Map.of());

        awaitCount(stack, "MATCH (h:EdgeHour {source: 'env-web', target: 'env-api'}) RETURN count(h)", 2);
        assertThat(totals(stack, "prod")).containsExactly(3L, 0L);
        assertThat(totals(stack, "staging")).containsExactly(2L, 1L);
        assertThat(Graphs.count(
                        stack.driver(), "MATCH (s:Service) WHERE s.name IN ['env-web', 'env-api'] RETURN count(s)"))
                .as("each name once per environment")
                .isEqualTo(4);
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (a:Service)-[:DEPENDS_ON]->(b:Service) WHERE a.name = 'env-web' "
                                + "AND a.environment = b.environment RETURN count(*)"))
                .as("no edge between the environments")
                .isEqualTo(2);

        String at = t.plusSeconds(120).toString();
        JsonNode staging = json(get("/api/v1/graph?env=staging&at=" + at));
        assertThat(staging.path("environment").asString()).isEqualTo("staging");
        assertThat(edge(staging, "env-web", "env-api").path("calls").asLong()).isEqualTo(2);
        assertThat(edge(staging, "env-web", "env-api").path("errors").asLong()).isEqualTo(1);
        JsonNode prod = json(get("/api/v1/graph?at=" + at));
        assertThat(edge(prod, "env-web", "env-api").path("calls").asLong()).isEqualTo(3);
        assertThat(edge(prod, "env-web", "env-api").path("errors").asLong()).isZero();

        JsonNode context = json(get("/api/v1/services/env-api/context?env=staging&at=" + at));
        assertThat(context.path("environment").asString()).isEqualTo("staging");
        assertThat(context.path("dependencies")
                        .path("upstream")
                        .get(0)
                        .path("service")
                        .asString())
                .isEqualTo("env-web");
    }

    @Test
    void aStagingDeployAtTheBreachMomentIsNotASuspectOfTheProdIncident(RealStack stack) {
        Instant breach = Instant.parse("2026-11-26T09:00:00Z");
        deploy(stack, "bill-prod", "env-billing", "prod", breach.minusSeconds(600));
        deploy(stack, "bill-staging", "env-billing", "staging", breach.minusSeconds(30));
        awaitCount(stack, "MATCH (d:Deployment {service: 'env-billing'}) RETURN count(d)", 2);

        assertThat(post("/api/v1/alerts", "application/json", alert(breach, "envbill000000001", ""))
                        .statusCode())
                .isEqualTo(202);
        assertThat(post("/api/v1/alerts", "application/json", alert(breach, "envbill000000002", "staging"))
                        .statusCode())
                .isEqualTo(202);

        JsonNode prodIncident = incident("");
        JsonNode stagingIncident = incident("staging");
        assertThat(prodIncident.path("incident").path("environment").asString()).isEqualTo("prod");
        assertThat(prodIncident.path("context").path("environment").asString()).isEqualTo("prod");
        assertThat(stagingIncident.path("incident").path("environment").asString())
                .isEqualTo("staging");
        assertThat(suspectIds(prodIncident)).contains("srekg bill-prod").doesNotContain("srekg bill-staging");
        assertThat(suspectIds(stagingIncident)).contains("srekg bill-staging").doesNotContain("srekg bill-prod");
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (i:Incident)-[:OF]->(s:Service {name: 'env-billing'}) "
                                + "WHERE i.environment = s.environment RETURN count(i)"))
                .as("each incident belongs to its breached service's identity")
                .isEqualTo(2);
    }

    @Test
    void aServiceWhoseProducersNameNoEnvironmentLandsInTheDefaultOne(RealStack stack) {
        Instant t = EventTime.nextHour().plusSeconds(62);
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(span("env-ledger", trace(1700), Otlp.span(1), "", SERVER, t, 20)
                        .in(""))),
                Map.of());
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "env-ledger",
                ("{\"srekg\": \"deploy\", \"id\": \"ledger-1\", \"service\": \"env-ledger\", \"version\": \"1.0\", "
                                + "\"at\": \"" + t + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());

        awaitCount(
                stack,
                "MATCH (:Deployment {key: 'srekg ledger-1'})-[:DEPLOYS]->(s:Service {name: 'env-ledger'}) "
                        + "WHERE EXISTS { (:ServiceHour {service: 'env-ledger', environment: s.environment}) } "
                        + "RETURN count(s)",
                1);
        JsonNode service = json(get("/api/v1/services/env-ledger?at=" + t.plusSeconds(60)));
        assertThat(service.path("environment").asString()).isEqualTo("prod");
        assertThat(service.path("running").path("version").asString()).isEqualTo("1.0");
        assertThat(get("/api/v1/services/env-ledger?env=staging").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/services/env-ledger?env=a/b").statusCode()).isEqualTo(400);
    }

    private static List<Otlp.S> call(String trace, Instant t, boolean failed, String environment) {
        Otlp.S server = span("env-api", trace, Otlp.span(2), Otlp.span(1), SERVER, t.plusMillis(2), 10)
                .in(environment);
        return List.of(
                span("env-web", trace, Otlp.span(1), "", CLIENT, t, 15).in(environment),
                failed ? server.failed() : server);
    }

    /** Calls and errors from env-web to env-api within one environment. */
    private static List<Long> totals(RealStack stack, String environment) {
        try (Session session = stack.driver().session()) {
            var r = session.run(
                            "MATCH (h:EdgeHour {source: 'env-web', target: 'env-api', sourceEnvironment: $env,"
                                    + " targetEnvironment: $env}) RETURN sum(h.callsTotal) AS calls,"
                                    + " sum(h.errorsTotal) AS errors",
                            Map.of("env", environment))
                    .single();
            return List.of(r.get("calls").asLong(), r.get("errors").asLong());
        }
    }

    private static JsonNode edge(JsonNode graph, String source, String target) {
        return graph.path("edges")
                .valueStream()
                .filter(e -> e.path("source").asString().equals(source)
                        && e.path("target").asString().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + source + " -> " + target + " in " + graph));
    }

    private JsonNode incident(String env) {
        JsonNode summary = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents" + (env.isEmpty() ? "" : "?env=" + env)))
                                .valueStream()
                                .filter(i -> i.path("service").asString().equals("env-billing"))
                                .findFirst()
                                .orElse(null),
                        i -> i != null);
        return json(get("/api/v1/incidents/" + summary.path("id").asString()));
    }

    private static List<String> suspectIds(JsonNode detail) {
        return detail.path("context")
                .path("suspects")
                .valueStream()
                .map(s -> s.path("id").asString())
                .toList();
    }

    private static void deploy(RealStack stack, String id, String service, String environment, Instant at) {
        KafkaRecords.send(
                stack,
                "sre.deploys",
                service,
                ("{\"srekg\": \"deploy\", \"id\": \"" + id + "\", \"service\": \"" + service
                                + "\", \"environment\": \"" + environment + "\", \"version\": \"" + id
                                + "\", \"at\": \"" + at + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static byte[] alert(Instant startsAt, String fingerprint, String environment) {
        String env = environment.isEmpty() ? "" : ", \"env\": \"" + environment + "\"";
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"env-billing\", \"sloth_slo\": \"availability\","
                        + " \"sloth_severity\": \"page\"" + env + "}, \"annotations\": {}, \"startsAt\": \"" + startsAt
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\", \"fingerprint\": \"" + fingerprint + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
