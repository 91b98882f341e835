package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.EventTime;
import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Configuration and feature-flag changes as first-class changes: through the changes topic in every producer's
 * format, through the signed LaunchDarkly webhook, onto timelines, and ranked first when a flag broke a service.
 * Issue 16.
 */
class ConfigChangesIT extends ServerIT {

    static final String LAUNCHDARKLY_SECRET = "it-launchdarkly-secret";

    private static final String DAY = "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";

    @Test
    void everyProducersChangeReachesTheGraphAndAMalformedOneIsDeadLettered(RealStack stack) {
        send(stack, Fixtures.bytes("launchdarkly/flag-turned-on.json"));
        send(stack, Fixtures.bytes("unleash/feature-strategy-update.json"));
        send(stack, Fixtures.bytes("cdevents/environment-modified.json"));
        send(stack, Fixtures.bytes("srekg/flag.json"));
        byte[] poison = "{\"srekg\": \"flag\", \"id\": \"it-poison\", \"at\": \"2026-11-20T10:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        send(stack, poison);

        awaitCount(stack, "MATCH (c:ConfigChange) RETURN count(c)", 4);
        ConsumerRecord<byte[], byte[]> dead = KafkaRecords.awaitRecord(
                stack, "sre.changes.dlq", r -> new String(r.value(), StandardCharsets.UTF_8).contains("it-poison"));
        assertThat(KafkaRecords.header(dead, "srekg.dlq.reason")).contains("missing required field target");
        assertThat(dev.srekg.test.Graphs.count(
                        stack.driver(),
                        "MATCH (:ConfigChange {key: 'launchdarkly 6745a1f09c1c2b0e2f3a4b5c'})-[:CHANGES]->"
                                + "(:Service {name: 'checkout'}) RETURN count(*)"))
                .isOne();
        assertThat(dev.srekg.test.Graphs.count(
                        stack.driver(),
                        "MATCH (c:ConfigChange {kind: 'infra'}) WHERE NOT (c)-[:CHANGES]->() RETURN count(c)"))
                .as("the unmapped environment change is kept")
                .isOne();

        JsonNode estate = json(get("/api/v1/changes?" + DAY));
        assertThat(estate.valueStream()
                        .map(c -> c.path("kind").asString() + " "
                                + c.path("mapping").asString()))
                .containsExactly(
                        "flag service field",
                        "flag tag service:checkout",
                        "infra unmapped",
                        "flag tag service:payment");
        assertThat(get("/api/v1/changes?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z")
                        .statusCode())
                .isEqualTo(400);

        JsonNode timeline = json(get("/api/v1/services/checkout/timeline?" + DAY));
        assertThat(timeline.valueStream().map(e -> e.path("kind").asString())).containsExactly("flag", "flag");
        JsonNode launchDarkly = timeline.valueStream()
                .filter(e -> e.path("id").asString().startsWith("launchdarkly"))
                .findFirst()
                .orElseThrow();
        assertThat(launchDarkly.path("link").asString())
                .isEqualTo("https://app.launchdarkly.com/shop/production/features/checkout-new-pricing");
        assertThat(launchDarkly.path("mapping").asString()).isEqualTo("tag service:checkout");
        assertThat(launchDarkly.path("summary").asString()).startsWith("checkout-new-pricing: turned on the flag");
    }

    @Test
    void signedLaunchDarklyWebhookIsWrittenAndABadSignatureIsRefusedWithNothingWritten(RealStack stack) {
        byte[] body = Fixtures.bytes("launchdarkly/flag-turned-on.json");
        byte[] forged = new String(body, StandardCharsets.UTF_8)
                .replace("6745a1f09c1c2b0e2f3a4b5c", "forged0000000000000000000")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> wrong = launchDarkly(sign("another-secret", forged), forged);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(wrong).path("detail").asString()).contains("does not match");
        HttpResponse<String> tampered = launchDarkly(sign(LAUNCHDARKLY_SECRET, body), forged);
        assertThat(tampered.statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = launchDarkly(null, forged);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(json(unsigned).path("detail").asString()).contains("missing");

        HttpResponse<String> accepted = launchDarkly(sign(LAUNCHDARKLY_SECRET, body), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).path("topic").asString()).isEqualTo("sre.changes");
        awaitCount(stack, "MATCH (c:ConfigChange {key: 'launchdarkly 6745a1f09c1c2b0e2f3a4b5c'}) RETURN count(c)", 1);
        assertThat(dev.srekg.test.Graphs.count(stack.driver(), "MATCH (c:ConfigChange) RETURN count(c)"))
                .as("the refused bodies were never published")
                .isOne();

        byte[] environment = Fixtures.bytes("launchdarkly/environment-renamed.json");
        HttpResponse<String> unused = launchDarkly(sign(LAUNCHDARKLY_SECRET, environment), environment);
        assertThat(unused.statusCode()).isEqualTo(202);
        assertThat(json(unused).path("used").asBoolean()).isFalse();
        byte[] broken = "{\"_id\": \"x\", \"accesses\": [], \"date\": 1, \"kind\": \"flag\"}".getBytes();
        HttpResponse<String> rejected = launchDarkly(sign(LAUNCHDARKLY_SECRET, broken), broken);
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(json(rejected).path("detail").asString()).contains("names no flag");
    }

    @Test
    void unleashEventPostedToTheChangesEndpointReachesTheGraphAndAMalformedOneIsRefused(RealStack stack) {
        HttpResponse<String> accepted =
                post("/api/v1/changes", "application/json", Fixtures.bytes("unleash/feature-environment-enabled.json"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).path("used").asBoolean()).isTrue();
        awaitCount(stack, "MATCH (c:ConfigChange {key: 'unleash 4711', mapping: 'unmapped'}) RETURN count(c)", 1);

        HttpResponse<String> refused = post(
                "/api/v1/changes",
                "application/json",
                "{\"srekg\": \"config\", \"id\": \"no-time\", \"target\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(refused).path("detail").asString()).contains("missing required field at");
        HttpResponse<String> created =
                post("/api/v1/changes", "application/json", Fixtures.bytes("unleash/feature-created.json"));
        assertThat(json(created).path("used").asBoolean())
                .as("a type srekg does not use")
                .isFalse();
    }

    @Test
    void flagTurnedOnWhenPaymentBeganFailingIsTheFirstSuspectWithItsLink(RealStack stack) {
        Instant h = EventTime.nextHour();
        ContextIT.sendTraffic(stack, h);
        send(
                stack,
                ("{\"srekg\": \"flag\", \"id\": \"pay-3ds\", \"service\": \"payment\", \"target\": \"payment-3ds-v2\","
                                + " \"summary\": \"enabled in production\", \"link\": \"https://flags.example/payment-3ds-v2\","
                                + " \"at\": \"" + h.plusSeconds(40 * 60) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        send(
                stack,
                ("{\"srekg\": \"config\", \"id\": \"cart-cfg\", \"service\": \"cart\", \"target\": \"cart-config\","
                                + " \"at\": \"" + h.plusSeconds(41 * 60) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "it",
                ("{\"srekg\": \"deploy\", \"id\": \"pay-old\", \"service\": \"payment\", \"version\": \"1.9\","
                                + " \"at\": \"" + h.plusSeconds(10 * 60) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
        awaitCount(stack, "MATCH (c:ConfigChange) RETURN count(c)", 2);
        awaitCount(stack, "MATCH (d:Deployment {key: 'srekg pay-old'}) RETURN count(d)", 1);

        JsonNode context = json(get("/api/v1/services/checkout/context?at=" + h.plusSeconds(55 * 60) + "&depth=3"));

        JsonNode first = context.path("suspects").get(0);
        assertThat(first.path("kind").asString()).isEqualTo("flag");
        assertThat(first.path("service").asString()).isEqualTo("payment");
        assertThat(first.path("link").asString()).isEqualTo("https://flags.example/payment-3ds-v2");
        assertThat(first.path("factors").path("kind").asDouble()).isEqualTo(1.0);
        assertThat(first.path("factors").path("evidence").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(context.path("likelyCause").path("id").asString()).isEqualTo("srekg pay-3ds");
        assertThat(context.path("verdict").asString()).startsWith("Likely cause: flag change of payment");
        for (JsonNode s : context.path("suspects")) {
            if (s.path("rank").asInt() > 1) {
                assertThat(s.path("score").asDouble())
                        .as(s.path("id").asString())
                        .isLessThan(first.path("score").asDouble() / 2);
            }
        }
    }

    private static void send(RealStack stack, byte[] value) {
        KafkaRecords.send(stack, "sre.changes", "it", value, Map.of());
    }

    private HttpResponse<String> launchDarkly(String signature, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/webhooks/launchdarkly"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-LD-Signature", signature);
        }
        return send(request.build());
    }

    /** What LaunchDarkly sends in {@code X-LD-Signature}: the hex HMAC-SHA256 of the body, GitHub's without prefix. */
    private static String sign(String secret, byte[] body) {
        try {
            return GitHubWebhookIT.sign(secret, body).substring("sha256=".length());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
