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

    @Test
    void clustersAreRecordedOnDeploysScaleEventsAndTrafficAndShownInTheContextWithoutSplittingTheService(
            RealStack stack) { // issue 15, item 2
        Instant t = EventTime.nextHour().plusSeconds(62);
        // env-cart runs in two clusters: its spans of one record name eu-1, of the other us-1.
        for (String cluster : List.of("eu-1", "us-1")) {
            List<Otlp.S> spans = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String trace = trace(cluster.equals("eu-1") ? 1800 + i : 1900 + i);
                spans.add(span("env-shop", trace, Otlp.span(1), "", CLIENT, t.plusSeconds(i), 15));
                spans.add(span("env-cart", trace, Otlp.span(2), Otlp.span(1), SERVER, t.plusSeconds(i), 10));
            }
            KafkaRecords.send(
                    stack,
                    "otlp_spans",
                    null,
                    Otlp.proto(
                            spans,
                            service -> service.equals("env-cart") ? Map.of("k8s.cluster.name", cluster) : Map.of()),
                    Map.of());
        }
        String cdevent = new String(
                        dev.srekg.test.Fixtures.bytes("cdevents/service-deployed.json"), StandardCharsets.UTF_8)
                .replace("271069a8-fc18-44f1-b38f-9d70a1695819", "env-cart-cluster-1")
                .replace("service/checkout", "service/env-cart")
                .replace("2026-11-20T10:15:00Z", t.toString())
                .replace("\"subject\"", "\"customData\": {\"cluster\": \"eu-1\"}, \"subject\"");
        KafkaRecords.send(stack, "sre.deploys", "env-cart", cdevent.getBytes(StandardCharsets.UTF_8), Map.of());
        KafkaRecords.send(
                stack,
                "sre.scaling",
                "env-cart",
                ("{\"srekg\": \"scale\", \"id\": \"env-cart-scale-1\", \"service\": \"env-cart\", "
                                + "\"cluster\": \"us-1\", \"replicas\": 4, \"previousReplicas\": 2, "
                                + "\"reason\": \"traffic\", \"at\": \"" + t.plusSeconds(5) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());

        awaitCount(
                stack,
                "MATCH (h:ServiceHour {service: 'env-cart', environment: 'prod'}) "
                        + "WHERE h.callsTotal = 4 AND h.clusters = ['eu-1', 'us-1'] RETURN count(h)",
                1);
        awaitCount(
                stack,
                "MATCH (:Deployment {cluster: 'eu-1'})-[:DEPLOYS]->(s:Service {environment: 'prod', name: 'env-cart'})"
                        + " MATCH (:ScaleEvent {cluster: 'us-1'})-[:SCALES]->(s) RETURN count(*)",
                1);
        assertThat(Graphs.count(stack.driver(), "MATCH (s:Service {name: 'env-cart'}) RETURN count(s)"))
                .as("two clusters, one service")
                .isEqualTo(1);

        JsonNode context = json(get("/api/v1/services/env-cart/context?at=" + t.plusSeconds(60)));
        assertThat(context.path("clusters").valueStream().map(JsonNode::asString))
                .containsExactly("eu-1", "us-1");
        assertThat(context.path("events")
                        .valueStream()
                        .filter(e -> e.path("kind").asString().equals("deploy"))
                        .map(e -> e.path("cluster").asString()))
                .containsExactly("eu-1");
        assertThat(context.path("events")
                        .valueStream()
                        .filter(e -> e.path("kind").asString().equals("scale"))
                        .map(e -> e.path("cluster").asString()))
                .containsExactly("us-1");
    }

    @Test
    void aStagingServiceCallingASharedProdOneIsAnEdgeBetweenTheTwoIdentitiesThatTheContextAndTheGraphShow(
            RealStack stack) { // issue 15, item 3
        Instant t = EventTime.nextHour().plusSeconds(62);
        List<Otlp.S> spans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String trace = trace(2000 + i);
            spans.add(span("env-front", trace, Otlp.span(1), "", CLIENT, t.plusSeconds(i), 15)
                    .in("staging"));
            spans.add(span("env-pay", trace, Otlp.span(2), Otlp.span(1), SERVER, t.plusSeconds(i), 10));
        }
        KafkaRecords.send(stack, "otlp_spans", null, Otlp.proto(spans), Map.of());
        deploy(stack, "pay-prod-1", "env-pay", "prod", t.minusSeconds(30));
        awaitCount(
                stack,
                "MATCH (h:EdgeHour {source: 'env-front', sourceEnvironment: 'staging', target: 'env-pay',"
                        + " targetEnvironment: 'prod'}) WHERE h.callsTotal = 3 RETURN count(h)",
                1);
        awaitCount(stack, "MATCH (d:Deployment {key: 'srekg pay-prod-1'}) RETURN count(d)", 1);
        String at = t.plusSeconds(120).toString();

        JsonNode staging = json(get("/api/v1/services/env-front/context?env=staging&at=" + at));
        JsonNode pay = staging.path("dependencies").path("downstream").get(0);
        assertThat(pay.path("service").asString()).isEqualTo("prod/env-pay");
        assertThat(pay.path("environment").asString()).isEqualTo("prod");
        assertThat(pay.path("before").path("calls").asLong()
                        + pay.path("after").path("calls").asLong())
                .isEqualTo(3);
        assertThat(staging.path("events")
                        .valueStream()
                        .filter(e -> e.path("id").asString().equals("srekg pay-prod-1"))
                        .map(e -> e.path("service").asString()))
                .as("the shared prod service's deploy is a change below the staging service")
                .containsExactly("prod/env-pay");
        assertThat(staging.path("suspects").valueStream().map(x -> x.path("id").asString()))
                .contains("srekg pay-prod-1");

        JsonNode prod = json(get("/api/v1/services/env-pay/context?at=" + at));
        assertThat(prod.path("dependencies")
                        .path("upstream")
                        .valueStream()
                        .map(n -> n.path("service").asString() + " "
                                + n.path("environment").asString()))
                .containsExactly("staging/env-front staging");

        JsonNode stagingGraph = json(get("/api/v1/graph?env=staging&at=" + at));
        assertThat(edge(stagingGraph, "env-front", "prod/env-pay").path("calls").asLong())
                .isEqualTo(3);
        assertThat(stagingGraph
                        .path("nodes")
                        .valueStream()
                        .filter(n -> n.path("id").asString().equals("prod/env-pay"))
                        .map(n -> n.path("environment").asString()))
                .containsExactly("prod");
        JsonNode prodGraph = json(get("/api/v1/graph?at=" + at));
        assertThat(edge(prodGraph, "staging/env-front", "env-pay").path("calls").asLong())
                .isEqualTo(3);
    }

    @Test
    void aFlagFlippedInTheToolsStagingEnvironmentChangesStagingsServiceNotProds(RealStack stack) { // issue 15, item 5
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        // LaunchDarkly names its environments by key: "production" is srekg's prod, "staging" staging.
        String production = new String(
                        dev.srekg.test.Fixtures.bytes("launchdarkly/flag-turned-on.json"), StandardCharsets.UTF_8)
                .replace("6745a1f09c1c2b0e2f3a4b5c", "env0flag0000000000000001")
                .replace("service:checkout", "service:env-flagged")
                .replace("1795170840000", String.valueOf(at.toEpochMilli()));
        String staging = production
                .replace("env0flag0000000000000001", "env0flag0000000000000002")
                .replace("env/production", "env/staging")
                .replace("/shop/production/", "/shop/staging/")
                .replace(
                        String.valueOf(at.toEpochMilli()),
                        String.valueOf(at.plusSeconds(60).toEpochMilli()));
        for (String flag : List.of(production, staging)) {
            KafkaRecords.send(stack, "sre.changes", "env-flagged", flag.getBytes(StandardCharsets.UTF_8), Map.of());
        }
        KafkaRecords.send(
                stack,
                "sre.changes",
                "env-flagged",
                ("{\"srekg\": \"config\", \"id\": \"env-flagged-cfg\", \"service\": \"env-flagged\","
                                + " \"target\": \"pool-size\", \"environment\": \"Staging\", \"at\": \""
                                + at.plusSeconds(90) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());

        awaitCount(
                stack,
                "MATCH (c:ConfigChange)-[:CHANGES]->(s:Service {name: 'env-flagged'}) "
                        + "RETURN count(DISTINCT c.key + ' ' + s.environment)",
                3);
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (:ConfigChange {key: 'launchdarkly env0flag0000000000000001'})-[:CHANGES]->"
                                + "(:Service {environment: 'prod', name: 'env-flagged'}) RETURN count(*)"))
                .isEqualTo(1);
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (c:ConfigChange)-[:CHANGES]->(:Service {environment: 'staging', name: 'env-flagged'})"
                                + " WHERE c.key IN ['launchdarkly env0flag0000000000000002', 'srekg env-flagged-cfg']"
                                + " RETURN count(*)"))
                .isEqualTo(2);

        String window = "&at=" + at.plusSeconds(120) + "&window=PT30M";
        JsonNode prod = json(get("/api/v1/services/env-flagged/context?" + window.substring(1)));
        assertThat(prod.path("suspects").valueStream().map(x -> x.path("id").asString()))
                .as("the staging flag flip is not a prod suspect")
                .containsExactly("launchdarkly env0flag0000000000000001");
        JsonNode stagingContext = json(get("/api/v1/services/env-flagged/context?env=staging" + window));
        assertThat(stagingContext
                        .path("suspects")
                        .valueStream()
                        .map(x -> x.path("id").asString()))
                .containsExactlyInAnyOrder("launchdarkly env0flag0000000000000002", "srekg env-flagged-cfg");
        String period = "from=" + at.minusSeconds(60) + "&to=" + at.plusSeconds(120);
        assertThat(json(get("/api/v1/changes?env=staging&" + period))
                        .valueStream()
                        .map(c -> c.path("key").asString() + " "
                                + c.path("serviceEnvironment").asString()))
                .containsExactly("srekg env-flagged-cfg staging", "launchdarkly env0flag0000000000000002 staging");
        assertThat(json(get("/api/v1/changes?" + period))
                        .valueStream()
                        .map(c -> c.path("key").asString()))
                .contains("launchdarkly env0flag0000000000000001")
                .doesNotContain("launchdarkly env0flag0000000000000002", "srekg env-flagged-cfg");
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
