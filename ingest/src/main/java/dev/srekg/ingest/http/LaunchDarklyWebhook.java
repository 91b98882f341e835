package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.ChangesParser;
import dev.srekg.ingest.parse.IncomingRecord;
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
 * {@code POST /api/v1/webhooks/launchdarkly}: a signed LaunchDarkly webhook, secret
 * {@code srekg.ingest.launchdarkly-webhook-secret}. The {@code X-LD-Signature} header (hex HMAC-SHA256 of the body)
 * is verified first (401 when missing or wrong; 403 while no secret is configured); the audit-log entry is then
 * checked with the changes stream's parser (400 with the reason when it would dead-letter it) and a flag change is
 * put on the changes topic (202); other kinds of change are acknowledged and dropped.
 */
@RestController
class LaunchDarklyWebhook {

    private final WebhookPublisher publisher;
    private final ChangesParser parser;
    private final String topic;
    private final long maxBytes;
    private final byte[] secret;

    LaunchDarklyWebhook(WebhookPublisher publisher, IngestProperties properties) {
        this.publisher = publisher;
        this.parser = new ChangesParser(properties.identity().changeRules());
        this.topic = properties.topics().changes();
        this.maxBytes = properties.webhookMaxSize().toBytes();
        this.secret = properties.launchdarklyWebhookSecret().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/v1/webhooks/launchdarkly", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(name = "X-LD-Signature", required = false) String signature, @RequestBody byte[] body) {
        if (secret.length == 0) {
            throw new WebhookRefused(
                    HttpStatus.FORBIDDEN,
                    "LaunchDarkly webhooks are off: set srekg.ingest.launchdarkly-webhook-secret");
        }
        if (body.length > maxBytes) {
            throw new WebhookRefused(
                    HttpStatus.CONTENT_TOO_LARGE, "Body of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-LD-Signature is missing");
        }
        if (!Signatures.matches(secret, body, signature)) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-LD-Signature does not match the body");
        }
        ParseResult result = parser.parse(new IncomingRecord(topic, -1, -1, body, Map.of()));
        if (result instanceof ParseResult.Rejected rejected) {
            throw new WebhookRefused(HttpStatus.BAD_REQUEST, rejected.reason());
        }
        if (result instanceof ParseResult.Skipped skipped) {
            return ResponseEntity.accepted().body(Map.of("used", false, "reason", skipped.reason()));
        }
        publisher.publish(topic, null, body, Map.of("content-type", "application/json"));
        return ResponseEntity.accepted().body(Map.of("topic", topic, "used", true));
    }
}
