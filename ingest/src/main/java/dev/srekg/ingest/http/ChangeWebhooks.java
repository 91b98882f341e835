package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.ChangesParser;
import dev.srekg.ingest.parse.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The changes stream over HTTP. {@code POST /api/v1/webhooks/launchdarkly}: a signed LaunchDarkly webhook, secret
 * {@code srekg.ingest.launchdarkly-webhook-secret}; the {@code X-LD-Signature} header (hex HMAC-SHA256 of the body) is
 * verified first (401 when missing or wrong, nothing published; 403 while no secret is configured). {@code POST
 * /api/v1/changes}: srekg's change JSON, an Unleash webhook addon event or a CDEvent, for senders that present a token
 * (an Argo CD notification template, a Terraform run, Unleash's addon with an {@code Authorization} header). Either is
 * checked with the changes stream's parser (400 with the reason when it would be dead-lettered) and put on the changes
 * topic (202, {@code used} false for a kind of change srekg does not use).
 */
@RestController
class ChangeWebhooks {

    private final Intake intake;
    private final byte[] secret;

    ChangeWebhooks(WebhookPublisher publisher, IngestProperties properties) {
        this.intake = new Intake(
                publisher,
                new ChangesParser(properties.identity().changeRules()),
                properties.topics().changes(),
                properties.webhookMaxSize().toBytes());
        this.secret = properties.launchdarklyWebhookSecret().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/v1/webhooks/launchdarkly", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> launchDarkly(
            @RequestHeader(name = "X-LD-Signature", required = false) String signature, @RequestBody byte[] body) {
        if (secret.length == 0) {
            throw new WebhookRefused(
                    HttpStatus.FORBIDDEN,
                    "LaunchDarkly webhooks are off: set srekg.ingest.launchdarkly-webhook-secret");
        }
        intake.checkSize(body);
        if (signature == null || signature.isBlank()) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-LD-Signature is missing");
        }
        if (!Signatures.matches(secret, body, signature)) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-LD-Signature does not match the body");
        }
        return accepted(intake.publish(body, Map.of()));
    }

    @PostMapping(path = "/api/v1/changes", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> change(@RequestBody byte[] body) {
        return accepted(intake.publish(body, Map.of()));
    }

    private ResponseEntity<Map<String, Object>> accepted(ParseResult result) {
        return ResponseEntity.accepted()
                .body(Map.of("topic", intake.topic(), "used", result instanceof ParseResult.Parsed));
    }
}
