package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.test.Fixtures;
import dev.srekg.test.GraphPerClass;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import tools.jackson.databind.JsonNode;

/**
 * Delivery figures of a small world whose answers were computed by hand: deploys through Kafka in the producers'
 * formats, incidents and breaches as the recorder stores them. Issue 24.
 */
@GraphPerClass
class DeliveryIT extends ServerIT {

    /** Ten days ending at today's midnight, so the trailing window of the gauges covers the world. */
    static final Instant TO = Instant.now().truncatedTo(ChronoUnit.DAYS);

    static final Instant FROM = TO.minus(Duration.ofDays(10));

    private static Instant day(int d, int hour, int minute) {
        return FROM.plus(Duration.ofDays(d)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    private static boolean written;

    /** Written once, when the application (which creates the topics) is up. */
    @BeforeEach
    void world() {
        if (written) {
            return;
        }
        written = true;
        RealStack stack = RealStack.get();
        deploy(stack, "dl-d1", "dl-cart", "prod", day(1, 10, 0), day(1, 8, 0));
        deploy(stack, "dl-d2", "dl-cart", "prod", day(2, 10, 0), day(1, 10, 0));
        deploy(stack, "dl-d3", "dl-payment", "prod", day(3, 10, 0), null);
        String cdevent = new String(
                        Fixtures.bytes("cdevents/service-deployed-with-change-time.json"), StandardCharsets.UTF_8)
                .replace("service/cart", "service/dl-payment")
                .replace("5d7c2f0e-93b1-4a55-9a3e-1f0c8be1a201", "dl-d4")
                .replace("2026-11-20T12:40:00Z", day(4, 10, 0).toString())
                .replace("2026-11-20T09:10:00Z", day(4, 9, 30).toString());
        KafkaRecords.send(stack, "sre.deploys", "dl-payment", cdevent.getBytes(StandardCharsets.UTF_8), Map.of());
        awaitCount(stack, "MATCH (d:Deployment) WHERE d.service IN ['dl-cart', 'dl-payment'] RETURN count(d)", 4);

        try (Session session = stack.driver().session()) {
            session.executeWriteWithoutResult(tx -> {
                tx.run("""
                        MATCH (c:Service {name: 'dl-cart'}), (p:Service {name: 'dl-payment'})
                        MERGE (shop:Team {name: 'dl-shop'}) SET shop.recordedAt = $long
                        MERGE (pay:Team {name: 'dl-payments'}) SET pay.recordedAt = $long
                        MERGE (shop)-[:OWNS]->(c) MERGE (pay)-[:OWNS]->(p)
                        MERGE (:Slo {key: 'dl-cart/availability', name: 'availability', service: 'dl-cart'})-[:OF]->(c)
                        MERGE (:Slo {key: 'dl-payment/latency', name: 'latency', service: 'dl-payment'})-[:OF]->(p)
                        """, Map.of("long", utc(FROM.minus(Duration.ofDays(30)))))
                        .consume();
                incident(
                        tx,
                        "dl-i1",
                        "dl-cart",
                        "availability",
                        day(1, 10, 10),
                        day(1, 10, 40),
                        "deploy",
                        "srekg dl-d1");
                // dl-d4 caused two incidents: its own service's and its caller's
                incident(
                        tx,
                        "dl-i2",
                        "dl-payment",
                        "latency",
                        day(4, 10, 5),
                        day(4, 10, 35),
                        "deploy",
                        "/argocd/prod/applications/cart dl-d4");
                incident(
                        tx,
                        "dl-i3",
                        "dl-cart",
                        "availability",
                        day(4, 10, 6),
                        day(4, 11, 6),
                        null,
                        "/argocd/prod/applications/cart dl-d4");
                // not caused by a deploy: a failing dependency
                incident(tx, "dl-i4", "dl-payment", "latency", day(6, 12, 0), day(6, 14, 0), "anomaly", null);
                incident(tx, "dl-i5", "dl-cart", "availability", day(7, 0, 0), null, "none", null);
            });
        }
    }

    private static void deploy(RealStack stack, String id, String service, String env, Instant at, Instant changedAt) {
        String json = "{\"srekg\": \"deploy\", \"id\": \"" + id + "\", \"service\": \"" + service
                + "\", \"environment\": \"" + env + "\", \"version\": \"" + id + "\", \"at\": \"" + at + "\""
                + (changedAt == null ? "" : ", \"changedAt\": \"" + changedAt + "\"") + "}";
        KafkaRecords.send(stack, "sre.deploys", service, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * An incident as the recorder stores it, with its breach (recorded long ago, so nothing recomputes it). A null
     * cause is an incident recorded before incidents kept their cause: the change ranked first tells.
     */
    private static void incident(
            org.neo4j.driver.TransactionContext tx,
            String id,
            String service,
            String slo,
            Instant opened,
            Instant resolved,
            String cause,
            String topDeploy) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", id);
        p.put("service", service);
        p.put("slo", slo);
        p.put("sloKey", service + "/" + slo);
        p.put("opened", utc(opened));
        p.put("resolved", resolved == null ? null : utc(resolved));
        p.put("cause", cause);
        p.put("deploy", topDeploy);
        p.put("long", utc(FROM.minus(Duration.ofDays(30))));
        tx.run("""
                MATCH (s:Service {name: $service}), (slo:Slo {key: $sloKey})
                CREATE (b:SloBreach {key: $id + '-breach', service: $service, slo: $slo, startsAt: $opened,
                                     endsAt: $resolved, recordedAt: $long, endRecordedAt: $long})-[:BREACHES]->(slo)
                CREATE (i:Incident {id: $id, service: $service, slo: $slo, openedAt: $opened, resolvedAt: $resolved,
                                    recordedAt: $long, computedAt: $long, cause: $cause, topSuspect: '', context: '{}'})
                CREATE (i)-[:FOR]->(b), (i)-[:OF]->(s)
                WITH i
                OPTIONAL MATCH (d:Deployment {key: $deploy})
                FOREACH (x IN CASE WHEN d IS NULL THEN [] ELSE [d] END | CREATE (i)-[:SUSPECTS {rank: 1, score: 1.0}]->(x))
                """, p).consume();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private JsonNode report(String query) {
        var response = get("/api/v1/delivery?from=" + FROM + "&to=" + TO + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode group(JsonNode report, String name) {
        return report.path("groups")
                .valueStream()
                .filter(g -> g.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name + " in " + report));
    }

    @Test
    void everyFigureOfAServiceMatchesTheHandComputedWorld() {
        JsonNode report = report("&team=dl-payments");
        JsonNode payment = group(report, "dl-payment");

        assertThat(payment.at("/deployments/count").asLong()).isEqualTo(2);
        assertThat(payment.at("/deployments/perDay").asDouble()).isEqualTo(0.2);
        assertThat(payment.at("/leadTime/status").asString()).isEqualTo("known");
        assertThat(payment.at("/leadTime/known").asLong()).isEqualTo(1);
        assertThat(payment.at("/leadTime/unknown").asLong()).isEqualTo(1);
        assertThat(payment.at("/leadTime/medianSeconds").asLong()).isEqualTo(1800);
        assertThat(payment.at("/changeFailure/failed").asLong()).isEqualTo(1);
        assertThat(payment.at("/changeFailure/rate").asDouble()).isEqualTo(0.5);
        JsonNode failure = payment.at("/changeFailure/failures/0");
        assertThat(failure.path("service").asString()).isEqualTo("dl-payment");
        assertThat(failure.path("incidents")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("dl-i2", "dl-i3");
        assertThat(payment.at("/timeToRestore/resolved").asLong()).isEqualTo(2);
        assertThat(payment.at("/timeToRestore/medianSeconds").asLong()).isEqualTo(1800);
        assertThat(payment.at("/timeToRestore/p90Seconds").asLong()).isEqualTo(7200);
        assertThat(payment.at("/incidentsByCause/deploy/count").asLong()).isEqualTo(1);
        assertThat(payment.at("/incidentsByCause/dependency/incidents/0").asString())
                .isEqualTo("dl-i4");
        assertThat(payment.at("/slos/0/slo").asString()).isEqualTo("latency");
        assertThat(payment.at("/slos/0/breaches").asLong()).isEqualTo(2);
        assertThat(payment.at("/slos/0/breachMinutes").asLong()).isEqualTo(150);
    }

    @Test
    void aCausedIncidentWithoutAStoredCauseIsCountedByItsTopSuspect() {
        JsonNode cart = group(report("&team=dl-shop"), "dl-cart");

        assertThat(cart.at("/deployments/count").asLong()).isEqualTo(2);
        assertThat(cart.at("/leadTime/medianSeconds").asLong()).isEqualTo(7200);
        assertThat(cart.at("/leadTime/p90Seconds").asLong()).isEqualTo(86400);
        assertThat(cart.at("/changeFailure/failures/0/key").asString()).isEqualTo("srekg dl-d1");
        assertThat(cart.at("/changeFailure/rate").asDouble()).isEqualTo(0.5);
        assertThat(cart.at("/incidentsByCause/deploy/incidents")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("dl-i1", "dl-i3");
        assertThat(cart.at("/incidentsByCause/none found/incidents/0").asString())
                .isEqualTo("dl-i5");
        assertThat(cart.at("/timeToRestore/unresolved").asLong()).isEqualTo(1);
    }

    @Test
    void teamsAndTheirTotals() {
        JsonNode report = report("&by=team&team=dl-payments");

        assertThat(report.path("groups")
                        .valueStream()
                        .map(g -> g.path("name").asString())
                        .toList())
                .containsExactly("dl-payments");
        assertThat(report.at("/total/changeFailure/failed").asLong()).isEqualTo(1);
        assertThat(report.at("/total/deployments/count").asLong()).isEqualTo(2);
    }

    @Test
    void asKnownBeforeTheDeploysWereRecordedThereAreNone() {
        JsonNode report = report("&team=dl-payments&knownAt=" + FROM);

        assertThat(report.at("/total/deployments/count").asLong()).isZero();
    }

    @Test
    void badParametersAre400ProblemsNot500s() {
        var backwards = get("/api/v1/delivery?from=" + TO + "&to=" + FROM);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(get("/api/v1/delivery?by=commit").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/delivery?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/delivery?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void theFiguresAreGaugesPerServiceAndTeam() throws java.io.IOException {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus").body();
            assertThat(metrics)
                    .contains("srekg_delivery_service_deployments{service=\"dl-payment\"} 2.0")
                    .contains("srekg_delivery_service_change_failure_rate{service=\"dl-payment\"} 0.5")
                    .contains("srekg_delivery_team_deployments{team=\"dl-shop\"} 2.0")
                    .contains("srekg_delivery_service_incidents{cause=\"dependency\",service=\"dl-payment\"} 1.0")
                    .contains("srekg_delivery_service_lead_time_seconds{quantile=\"0.5\",service=\"dl-cart\"} 7200.0");
        });
        List<String> scraped = List.of(get("/actuator/prometheus").body().split("\n"));
        assertThat(scraped).noneMatch(line -> line.startsWith("srekg_delivery") && line.contains("dl-d"));
        // Every metric the example Grafana dashboard charts is one srekg serves.
        String dashboard = Files.readString(Path.of("..", "docker", "grafana", "srekg-delivery.json"));
        Matcher names = Pattern.compile("srekg_delivery_[a-z_]+").matcher(dashboard);
        int charted = 0;
        while (names.find()) {
            String name = names.group();
            assertThat(scraped).as(name).anyMatch(line -> line.startsWith(name + "{"));
            charted++;
        }
        assertThat(charted).isGreaterThanOrEqualTo(8);
    }
}
