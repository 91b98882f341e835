package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.stack.FreePorts;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Incidents from real alerts (through the webhook, Kafka and the graph) reach a generic webhook, a Slack and a Teams
 * receiver exactly once per state, in order, after the receiver was down, failing and too slow. Issue 22.
 */
class NotificationsIT extends ServerIT {

    private static final String SECRET = "notify-secret";
    private static final int PORT = FreePorts.pick();
    private static final NotificationReceiver RECEIVER = new NotificationReceiver(PORT);

    @DynamicPropertySource
    static void receivers(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + PORT;
        registry.add("srekg.api.incidents.settle", () -> "2s");
        registry.add("srekg.api.notify.poll-interval", () -> "200ms");
        registry.add("srekg.api.notify.first-retry", () -> "200ms");
        registry.add("srekg.api.notify.max-retry", () -> "1s");
        registry.add("srekg.api.notify.lease", () -> "10s");
        registry.add("srekg.api.notify.public-url", () -> "https://srekg.example.com");
        String[][] receivers = {{"ops", "webhook", "/hook"}, {"chat", "slack", "/slack"}, {"teams", "teams", "/teams"}};
        for (int i = 0; i < receivers.length; i++) {
            String p = "srekg.api.notify.receivers[" + i + "].";
            String[] r = receivers[i];
            registry.add(p + "name", () -> r[0]);
            registry.add(p + "kind", () -> r[1]);
            registry.add(p + "url", () -> base + r[2]);
            registry.add(p + "timeout", () -> "1s");
            // Slack's limit is low enough that two incidents due at once wait for each other.
            registry.add(p + "per-minute", () -> r[0].equals("chat") ? "30" : "600");
        }
        registry.add("srekg.api.notify.receivers[0].secret", () -> SECRET);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @Test
    void everyStateOfEveryIncidentArrivesOnceAndInOrderAfterTheReceiverWasDownFailingAndSlow(RealStack stack) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Instant down = Instant.now();
        // Receiver down (nothing listens on its port): both incidents open, settle and resolve meanwhile.
        for (String service : List.of("notify-a", "notify-b")) {
            assertThat(post(
                                    "/api/v1/alerts",
                                    "application/json",
                                    NotificationReceiver.alert(service, "firing", start, null))
                            .statusCode())
                    .isEqualTo(202);
        }
        // Generous: when this class runs first, the fresh stack's consumers join their groups meanwhile, and at a load
        // average of 30 that alone took longer than the 30 s this wait had (the alert-to-incident time is the bench's).
        Map<String, String> incidents = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> json(get("/api/v1/incidents"))
                                .valueStream()
                                .filter(i -> i.path("service").asString().startsWith("notify-"))
                                .collect(Collectors.toMap(
                                        i -> i.path("id").asString(),
                                        i -> i.path("service").asString())),
                        m -> m.size() == 2);
        // opened and the settled suspect of both incidents, for each of the three receivers
        awaitCount(stack, "MATCH (n:Notification) WHERE n.state STARTS WITH 'suspect:' RETURN count(n)", 6);
        for (String service : List.of("notify-a", "notify-b")) {
            post(
                    "/api/v1/alerts",
                    "application/json",
                    NotificationReceiver.alert(service, "resolved", start, start.plusSeconds(30)));
        }
        awaitCount(stack, "MATCH (n:Notification {state: 'resolved'}) RETURN count(n)", 6);
        // Down for a minute (issue 22's "done when"), retried all along with the capped backoff.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(Instant.now()).isAfterOrEqualTo(down.plusSeconds(60));
                    assertThat(receivers())
                            .allSatisfy((name, r) ->
                                    assertThat(r.path("failed").asLong()).isGreaterThanOrEqualTo(10));
                });
        assertThat(receivers().get("ops").path("pending").asLong()).isEqualTo(6);
        assertThat(receivers().get("ops").path("delivered").asLong()).isZero();

        // Up but failing, then too slow to answer within the timeout.
        RECEIVER.start(NotificationReceiver.Mode.FAIL);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.seen(NotificationReceiver.Mode.FAIL) >= 6);
        RECEIVER.mode.set(NotificationReceiver.Mode.SLOW);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.seen(NotificationReceiver.Mode.SLOW) >= 3);
        assertThat(RECEIVER.accepted()).isEmpty();

        RECEIVER.mode.set(NotificationReceiver.Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVER.accepted().size() == 18);
        // Nothing more arrives once everything is delivered.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.seen(NotificationReceiver.Mode.ACCEPT) == 18);

        for (String path : List.of("/hook", "/slack", "/teams")) {
            for (String incident : incidents.keySet()) {
                assertThat(RECEIVER.accepted().stream()
                                .filter(d -> d.path().equals(path) && d.key().startsWith(incident + ":"))
                                .map(d ->
                                        d.key().substring(incident.length() + 1).replaceAll(":.*", ""))
                                .toList())
                        .as(path + " " + incident)
                        .containsExactly("opened", "suspect", "resolved");
            }
        }
        // every attempt of one message carried the same idempotency key, and each key was accepted once
        assertThat(RECEIVER.accepted().stream().map(d -> d.path() + d.key()).distinct())
                .hasSize(18);

        NotificationReceiver.Delivery hook = RECEIVER.accepted().stream()
                .filter(d -> d.path().equals("/hook") && d.key().endsWith(":opened"))
                .findFirst()
                .orElseThrow();
        assertThat(hook.signature()).isEqualTo(hmac(hook.body()));
        JsonNode webhook = JSON.readTree(hook.body());
        assertThat(webhook.path("event").asString()).isEqualTo("incident.opened");
        assertThat(incidents)
                .containsEntry(
                        webhook.path("incident").asString(),
                        webhook.path("service").asString());
        assertThat(webhook.path("openedAt").asString()).isEqualTo(start.toString());
        assertThat(webhook.path("environment").asString()).isEqualTo("prod");
        assertThat(webhook.path("links").path("incident").asString())
                .isEqualTo("https://srekg.example.com/#/incident/"
                        + webhook.path("incident").asString());
        assertThat(webhook.path("generatorUrl").asString()).isEqualTo("http://prometheus:9090/graph?g0.expr=burn");

        JsonNode slack = JSON.readTree(RECEIVER.accepted().stream()
                .filter(d -> d.path().equals("/slack") && d.key().endsWith(":resolved"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(slack.path("blocks").get(0).path("text").path("text").asString())
                .startsWith("Incident resolved: notify-");
        JsonNode teams = JSON.readTree(RECEIVER.accepted().stream()
                .filter(d -> d.path().equals("/teams"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(teams.path("attachments").get(0).path("content").path("type").asString())
                .isEqualTo("AdaptiveCard");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(receivers()).allSatisfy((name, r) -> {
                    assertThat(r.path("delivered").asLong()).as(name).isEqualTo(6);
                    assertThat(r.path("pending").asLong()).as(name).isZero();
                }));
        assertThat(receivers().get("chat").path("rateLimited").asLong()).isPositive();
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("srekg_notify_attempts_total{outcome=\"delivered\",receiver=\"ops\"} 6.0")
                .contains("srekg_notify_pending{receiver=\"teams\"} 0.0");
    }

    private Map<String, JsonNode> receivers() {
        JsonNode details = json(get("/actuator/health"))
                .path("components")
                .path("notifications")
                .path("details");
        return details.path("receivers").properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
