package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Session;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A collector's spans for one service (gate-info) arrive five minutes after the rest: its callers' halves give up
 * waiting and name it by its Kubernetes address ({@code gate-info.shop.svc.cluster.local}), as its own calls name
 * ledger's. The calls count on the edges to the real services, exactly, minute by minute; no virtual twin of gate-info
 * appears; and the incident of the breach they cause ranks gate-info's bad deploy first. Issue 21 (Done when, b).
 */
@ExtendWith(RealStackExtension.class)
class LateServiceIT {

    /** Eighteen minutes of traffic from here, two traces a second. */
    private static final Instant T0 = Instant.parse("2026-11-05T08:00:00Z");

    private static final int SECONDS = 18 * 60;
    /** gate-info's spans of minutes 8 to 12 come late. */
    private static final int LATE_FROM = 8 * 60;

    private static final int LATE_TO = 13 * 60;
    /** gate-info's bad deploy: half its calls fail from here. */
    private static final int DEPLOY = 10 * 60;

    private static final Instant BREACH = T0.plusSeconds(13 * 60);

    @Test
    void spansOfOneServiceFiveMinutesLateCountExactlyWithoutAVirtualTwinAndItsBadDeployRanksFirst(RealStack stack)
            throws Exception {
        String prefix = "late-service-" + System.nanoTime();
        try (var admin = stack.admin()) {
            TopicProvisioning.ensure(admin, IngestOnly.topics(prefix), 3, (short) 1);
        }
        // A decoy: ledger's deploy a minute before gate-info's, with no health shift after it.
        deploy(stack, prefix, "ledger", "ledger-4", T0.plusSeconds(9 * 60));
        deploy(stack, prefix, "gate-info", "gate-7", T0.plusSeconds(DEPLOY));
        try (var ingest = IngestOnly.start(stack, prefix, "late-service", IngestOnly.FREQUENT_FLUSHES);
                var api = api(stack);
                var producer = IngestOnly.producer(stack)) {
            // Everything on time but gate-info's spans of minutes 8 to 12.
            for (int s = 0; s < SECONDS; s++) {
                IngestOnly.send(producer, prefix, frontend(s));
                if (s < LATE_FROM || s >= LATE_TO) {
                    IngestOnly.send(producer, prefix, gateInfo(s));
                }
                IngestOnly.send(producer, prefix, ledger(s));
            }
            producer.flush();
            // The calls into gate-info gave up waiting for their partners: they count on the edge to gate-info.
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(perMinute(stack, "frontend", "gate-info"))
                            .isEqualTo(expectedFrontendCalls()));
            assertThat(IngestOnly.traceStats(ingest).resolvedPeers())
                    .isGreaterThanOrEqualTo(2L * (LATE_TO - LATE_FROM));
            KafkaRecords.send(stack, prefix + ".alerts", null, alert(), Map.of());
            int port = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
            long ledgerCallsBefore = await().atMost(Duration.ofMinutes(1))
                    .until(() -> afterCallsInto(incidentContext(port), "ledger"), calls -> calls > 0);

            // Five minutes (and more) after the rest, gate-info's collector delivers: corrections of written minutes.
            for (int s = LATE_FROM; s < LATE_TO; s++) {
                IngestOnly.send(producer, prefix, gateInfo(s));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(perMinute(stack, "gate-info", "ledger"))
                            .isEqualTo(expected(minute -> List.of(120L, 0L))));
            assertThat(IngestOnly.traceStats(ingest).lateCorrected())
                    .isGreaterThanOrEqualTo(4L * (LATE_TO - LATE_FROM));
            // The late server halves counted their own traffic and no call a second time.
            assertThat(perMinute(stack, "frontend", "gate-info")).isEqualTo(expectedFrontendCalls());
            assertThat(Graphs.count(
                            stack.driver(),
                            "MATCH (h:ServiceHour {service: 'gate-info'}) RETURN sum(h.callsTotal) * 10000"
                                    + " + sum(h.errorsTotal)"))
                    .isEqualTo(2L * SECONDS * 10000 + (SECONDS - DEPLOY));
            assertThat(
                            Graphs.count(
                                    stack.driver(),
                                    "MATCH (s:Service) WHERE s.name CONTAINS '.svc' OR coalesce(s.virtual, false) RETURN count(s)"))
                    .as("virtual twins")
                    .isZero();
            assertThat(Graphs.count(
                            stack.driver(),
                            "MATCH (:Service {name: 'frontend'})-[d:DEPENDS_ON]->(:Service {name: 'gate-info'})"
                                    + " RETURN count(d)"))
                    .isEqualTo(1);

            // The incident's context is recomputed with the late traffic of its window (issue 21, item 6).
            JsonNode context = await().atMost(Duration.ofMinutes(1))
                    .until(() -> incidentContext(port), c -> afterCallsInto(c, "ledger") > ledgerCallsBefore);
            assertThat(context.path("abstained").asBoolean()).isFalse();
            assertThat(context.path("likelyCause").path("id").asString()).isEqualTo("srekg gate-7");
            assertThat(context.path("suspects").get(0).path("id").asString()).isEqualTo("srekg gate-7");
            assertThat(context.path("dependencies")
                            .path("downstream")
                            .valueStream()
                            .map(n -> n.path("service").asString()))
                    .containsExactlyInAnyOrder("gate-info", "ledger");
        }
    }

    /** frontend serves a request and calls gate-info by its address; it fails when gate-info does. */
    private static byte[] frontend(int s) {
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String tr = trace(2_100_000L + 10L * s + t);
            Instant at = T0.plusSeconds(s).plusMillis(400L * t);
            spans.add(span("frontend", tr, Otlp.span(1), "", SERVER, at, 60));
            Otlp.S call = span("frontend", tr, Otlp.span(2), Otlp.span(1), CLIENT, at.plusMillis(1), 50)
                    .withAttributes(Map.of("server.address", "gate-info.shop.svc.cluster.local"));
            spans.add(fails(s, t) ? call.failed() : call);
        }
        return Otlp.proto(spans);
    }

    /** gate-info serves frontend's call (half of them fail after its deploy) and calls ledger by its address. */
    private static byte[] gateInfo(int s) {
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String tr = trace(2_100_000L + 10L * s + t);
            Instant at = T0.plusSeconds(s).plusMillis(400L * t + 2);
            Otlp.S served = span("gate-info", tr, Otlp.span(3), Otlp.span(2), SERVER, at, 45);
            spans.add(fails(s, t) ? served.failed() : served);
            spans.add(span("gate-info", tr, Otlp.span(4), Otlp.span(3), CLIENT, at.plusMillis(1), 20)
                    .withAttributes(Map.of("server.address", "ledger.shop.svc.cluster.local", "server.port", "5432")));
        }
        return Otlp.proto(spans);
    }

    private static byte[] ledger(int s) {
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String tr = trace(2_100_000L + 10L * s + t);
            Instant at = T0.plusSeconds(s).plusMillis(400L * t + 4);
            spans.add(span("ledger", tr, Otlp.span(5), Otlp.span(4), SERVER, at, 15));
        }
        return Otlp.proto(spans);
    }

    private static boolean fails(int s, int t) {
        return s >= DEPLOY && t == 0;
    }

    /** Calls and errors per minute of the 18: 120 calls a minute, 60 of them failed from the deploy on. */
    private static List<List<Long>> expectedFrontendCalls() {
        return expected(minute -> List.of(120L, minute >= DEPLOY / 60 ? 60L : 0L));
    }

    private static List<List<Long>> expected(java.util.function.IntFunction<List<Long>> ofMinute) {
        List<List<Long>> expected = new ArrayList<>();
        for (int m = 0; m < SECONDS / 60; m++) {
            expected.add(ofMinute.apply(m));
        }
        return expected;
    }

    /** Calls and errors of an edge in each minute of the test's hour, up to the last minute of traffic. */
    private static List<List<Long>> perMinute(RealStack stack, String from, String to) {
        try (Session session = stack.driver().session()) {
            List<org.neo4j.driver.Record> hours = session.run(
                            "MATCH (h:EdgeHour {source: $from, target: $to}) RETURN h.hour AS hour, h.calls AS calls,"
                                    + " h.errors AS errors",
                            Map.of("from", from, "to", to))
                    .list();
            List<List<Long>> minutes = new ArrayList<>(Collections.nCopies(SECONDS / 60, List.of(0L, 0L)));
            for (var h : hours) {
                assertThat(h.get("hour").asZonedDateTime().toInstant()).isEqualTo(T0);
                List<Long> calls = h.get("calls").asList(v -> v.asLong());
                List<Long> errors = h.get("errors").asList(v -> v.asLong());
                for (int m = 0; m < 60; m++) {
                    if (m < minutes.size()) {
                        minutes.set(m, List.of(calls.get(m), errors.get(m)));
                    } else {
                        assertThat(calls.get(m)).as("calls in minute %d", m).isZero();
                    }
                }
            }
            return minutes;
        }
    }

    /** Calls into a downstream service after the context's split, or 0 without a context or that service in it. */
    private static long afterCallsInto(JsonNode context, String service) {
        if (context == null) {
            return 0;
        }
        return context.path("dependencies")
                .path("downstream")
                .valueStream()
                .filter(n -> n.path("service").asString().equals(service))
                .mapToLong(n -> n.path("after").path("calls").asLong())
                .sum();
    }

    /** The context of frontend's incident, once the API has recorded it. */
    private static JsonNode incidentContext(int port) throws Exception {
        JsonNode incidents = ServerIT.JSON.readTree(get(port, "/api/v1/incidents"));
        for (JsonNode i : incidents) {
            if (i.path("service").asString().equals("frontend")) {
                return ServerIT.JSON
                        .readTree(get(port, "/api/v1/incidents/" + i.path("id").asString()))
                        .path("context");
            }
        }
        return null;
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void deploy(RealStack stack, String prefix, String service, String id, Instant at) {
        KafkaRecords.send(
                stack,
                prefix + ".deploys",
                service,
                ("{\"srekg\": \"deploy\", \"id\": \"" + id + "\", \"service\": \"" + service + "\", \"version\": \""
                                + id + "\", \"at\": \"" + at + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static byte[] alert() {
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"frontend\", \"sloth_slo\": \"availability\", \"sloth_severity\": \"page\"},"
                        + " \"annotations\": {}, \"startsAt\": \"" + BREACH
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\","
                        + " \"fingerprint\": \"fe00000000000021\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The API alone, on a free port: it records incidents from the breaches in the graph and serves them. */
    private static ConfigurableApplicationContext api(RealStack stack) {
        return new SpringApplicationBuilder(SrekgApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--srekg.role=api",
                        "--server.port=0",
                        "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap(),
                        "--srekg.neo4j.uri=" + stack.boltUri(),
                        "--srekg.api.incidents.poll-interval=300ms");
    }
}
