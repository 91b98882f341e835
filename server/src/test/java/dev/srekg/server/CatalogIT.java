package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.Otlp;
import dev.srekg.test.EventTime;
import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A directory of Backstage catalog files imported through {@code POST /api/v1/catalog} and the catalog topic: who owns
 * a service and how to reach them, in its ownership, its context and its drift between declared and observed
 * dependencies (issue 18).
 */
class CatalogIT extends ServerIT {

    private static final List<String> SHOP =
            List.of("checkout.yaml", "location.yaml", "orders-db.yaml", "payment.yaml", "teams.yaml");

    @Test // issue 18
    void importedCatalogNamesOwnersOnCallAndRunbooksInTheContextAndListsDrift(RealStack stack, @TempDir Path dir)
            throws Exception {
        Instant h = EventTime.nextHour();
        Path shop = Files.createDirectories(dir.resolve("shop"));
        for (String name : SHOP) {
            Files.write(shop.resolve(name), Fixtures.bytes("catalog/shop/" + name));
        }
        Process importer = new ProcessBuilder("../catalog-import", dir.toString(), "http://localhost:" + port)
                .redirectErrorStream(true)
                .start();
        String output = new String(importer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(importer.waitFor()).as(output).isZero();
        // checkout, payment + payment-api, payments + ada + shop, orders-db; the Location is skipped
        assertThat(output).contains("5 files, 7 entities");
        awaitCount(stack, "MATCH (e:CatalogEntry) RETURN count(e)", 7);

        // Importing a file again writes nothing; a changed description is a new version.
        assertThat(post("/api/v1/catalog", "application/yaml", Fixtures.bytes("catalog/shop/checkout.yaml"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(post("/api/v1/catalog", "application/json", Fixtures.bytes("catalog/api-page.json"))
                        .statusCode())
                .isEqualTo(202);
        awaitCount(stack, "MATCH (e:CatalogEntry) RETURN count(e)", 9);
        awaitCount(stack, "MATCH (e:CatalogEntry {ref: 'component:default/checkout'}) RETURN count(e)", 1);

        // Traffic: checkout calls payment (declared through payment-api) and inventory (not declared).
        List<Otlp.S> spans = new ArrayList<>();
        long n = 7_180_000;
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 6; i++) {
                Instant t = h.plusSeconds(minute * 60L + i * 10L);
                String trace = Otlp.trace(n++);
                spans.add(Otlp.span("checkout", trace, Otlp.span(1), "", SERVER, t, 40));
                spans.add(Otlp.span("checkout", trace, Otlp.span(2), Otlp.span(1), CLIENT, t, 20));
                spans.add(Otlp.span("payment", trace, Otlp.span(3), Otlp.span(2), SERVER, t, 15));
                spans.add(Otlp.span("checkout", trace, Otlp.span(4), Otlp.span(1), CLIENT, t, 10));
                spans.add(Otlp.span("inventory", trace, Otlp.span(5), Otlp.span(4), SERVER, t, 5));
            }
        }
        KafkaRecords.send(stack, "otlp_spans", "catalog", Otlp.proto(spans), Map.of());
        awaitCount(stack, "MATCH (:Service {name: 'checkout'})-[r:DEPENDS_ON]->() RETURN count(DISTINCT r)", 2);

        JsonNode owner = json(get("/api/v1/services/checkout/ownership?at=" + h.plusSeconds(600)));
        assertThat(owner.path("team").asString()).isEqualTo("payments");
        assertThat(owner.path("teamTitle").asString()).isEqualTo("Payments team");
        assertThat(owner.path("system").asString()).isEqualTo("shop");
        assertThat(owner.path("tier").asString()).isEqualTo("1");
        assertThat(owner.path("pagerDutyService").asString())
                .as("the service's own")
                .isEqualTo("PCHK123");
        assertThat(owner.path("slackChannel").asString()).as("the team's").isEqualTo("#payments");
        assertThat(owner.path("runbooks").get(0).path("url").asString())
                .isEqualTo("https://runbooks.example.com/checkout");
        assertThat(get("/api/v1/services/inventory/ownership").statusCode())
                .as("a service the catalog does not describe")
                .isEqualTo(404);

        JsonNode drift = json(get("/api/v1/catalog/drift?at=" + h.plusSeconds(600)));
        JsonNode checkout = row(drift, "checkout");
        assertThat(strings(checkout.path("declaredOnly"))).containsExactly("cart", "orders-db");
        assertThat(strings(checkout.path("observedOnly"))).containsExactly("inventory");
        assertThat(strings(checkout.path("confirmed"))).containsExactly("payment");
        assertThat(drift.path("observedNotDeclared").asInt()).isEqualTo(1);

        // An SLO breach on checkout and a deploy of payment: the context names both owners.
        send(
                stack,
                "sre.deploys",
                "{\"srekg\": \"deploy\", \"id\": \"cat-pay-1\", \"service\": \"payment\","
                        + " \"version\": \"9\", \"at\": \"" + h.plusSeconds(300) + "\"}");
        send(
                stack,
                "sre.alerts",
                "{\"srekg\": \"breach\", \"id\": \"cat-breach\", \"service\": \"checkout\","
                        + " \"slo\": \"availability\", \"severity\": \"page\", \"startsAt\": \"" + h.plusSeconds(540)
                        + "\"}");
        awaitCount(stack, "MATCH (d:Deployment {service: 'payment'}) RETURN count(d)", 1);
        JsonNode context = json(get("/api/v1/services/checkout/context?at=" + h.plusSeconds(600)));
        assertThat(context.path("owners").path("checkout").path("team").asString())
                .isEqualTo("payments");
        assertThat(context.path("suspects")
                        .valueStream()
                        .map(s -> s.path("service").asString()))
                .contains("payment");
        assertThat(context.path("owners").path("payment").path("slackChannel").asString())
                .isEqualTo("#payment-oncall");
    }

    @Test // issue 18: a Team's OWNS is versioned, so a read as of a moment names the owner then
    void ownershipAsOfAMomentIsTheOwnerThen(RealStack stack) {
        Instant t1 = EventTime.nextHour();
        Instant t2 = t1.plusSeconds(1800);
        assertThat(post("/api/v1/catalog", "application/yaml", billing("ops", t1))
                        .statusCode())
                .isEqualTo(202);
        awaitCount(stack, "MATCH (e:CatalogEntry {ref: 'component:default/billing'}) RETURN count(e)", 1);
        assertThat(post("/api/v1/catalog", "application/yaml", billing("finance", t2))
                        .statusCode())
                .isEqualTo(202);
        awaitCount(stack, "MATCH (e:CatalogEntry {ref: 'component:default/billing'}) RETURN count(e)", 2);
        // The first description again, and a breach whose alert names the owner of its moment: no new owner.
        assertThat(post("/api/v1/catalog", "application/yaml", billing("ops", t1))
                        .statusCode())
                .isEqualTo(202);
        send(
                stack,
                "sre.alerts",
                "{\"srekg\": \"breach\", \"id\": \"own-breach\", \"service\": \"billing\", \"team\": \"finance\","
                        + " \"slo\": \"availability\", \"startsAt\": \"" + t2.plusSeconds(600) + "\"}");
        awaitCount(stack, "MATCH (b:SloBreach {service: 'billing'}) RETURN count(b)", 1);
        assertThat(dev.srekg.test.Graphs.count(
                        stack.driver(), "MATCH (:Team)-[o:OWNS]->(:Service {name: 'billing'}) RETURN count(o)"))
                .isEqualTo(2);

        assertThat(teams("/api/v1/services/billing?at=" + t1.plusSeconds(60))).containsExactly("ops");
        assertThat(teams("/api/v1/services/billing?at=" + t2.plusSeconds(60))).containsExactly("finance");
        assertThat(teams("/api/v1/services/billing?at=" + t1.minusSeconds(3600)))
                .as("before the first description, as the catalog reads take it")
                .containsExactly("ops");
        assertThat(json(get("/api/v1/services/billing/ownership?at=" + t1.plusSeconds(60)))
                        .path("team")
                        .asString())
                .isEqualTo("ops");
        assertThat(json(get("/api/v1/graph?service=billing&depth=1&at=" + t2.plusSeconds(60)))
                        .path("nodes")
                        .get(0)
                        .path("teams")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("finance");
        // The delivery figures put the breach under the team that owned billing when it started.
        JsonNode byTeam = json(get("/api/v1/delivery?by=team&from=" + t1 + "&to=" + t2.plusSeconds(3600)));
        assertThat(byTeam.path("groups").valueStream().map(g -> g.path("name").asString()))
                .contains("finance")
                .doesNotContain("ops");
    }

    private List<String> teams(String path) {
        return strings(json(get(path)).path("teams"));
    }

    private static byte[] billing(String team, Instant validFrom) {
        return ("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: billing
                  annotations: {srekg.dev/valid-from: '%s'}
                spec: {type: service, lifecycle: production, owner: 'group:default/%s'}
                """).formatted(validFrom, team).getBytes(StandardCharsets.UTF_8);
    }

    @Test // issue 18
    void aFileThatIsNotACatalogIsRefusedWithItsReasonAndNothingIsWritten(RealStack stack) {
        HttpResponse<String> response = post(
                "/api/v1/catalog",
                "application/yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asString()).contains("not a backstage.io entity");
        assertThat(dev.srekg.test.Graphs.count(stack.driver(), "MATCH (e:CatalogEntry) RETURN count(e)"))
                .isZero();
    }

    private static JsonNode row(JsonNode drift, String service) {
        return drift.path("services")
                .valueStream()
                .filter(r -> r.path("service").asString().equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no drift row for " + service + ": " + drift));
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static void send(RealStack stack, String topic, String json) {
        KafkaRecords.send(stack, topic, "catalog", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
