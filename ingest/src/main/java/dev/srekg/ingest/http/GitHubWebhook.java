package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.TicketsParser;
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
 * {@code POST /api/v1/webhooks/github}: a repository's or organization's webhook, content type
 * {@code application/json}, secret {@code srekg.ingest.github-webhook-secret}. The {@code X-Hub-Signature-256}
 * HMAC of the body is verified first (401 when missing or wrong; 403 while no secret is configured); {@code ping}
 * is answered; {@code issues} events are checked with the tickets stream's parser (400 with the reason when it
 * would dead-letter them) and put on the tickets topic (202); other events are acknowledged and dropped.
 */
@RestController
class GitHubWebhook {

    private static final String SIGNATURE_PREFIX = "sha256=";

    private final WebhookPublisher publisher;
    private final TicketsParser parser;
    private final String topic;
    private final long maxBytes;
    private final byte[] secret;

    GitHubWebhook(WebhookPublisher publisher, IngestProperties properties) {
        this.publisher = publisher;
        this.parser = new TicketsParser(properties.identity().rules());
        this.topic = properties.topics().tickets();
        this.maxBytes = properties.webhookMaxSize().toBytes();
        this.secret = properties.githubWebhookSecret().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/v1/webhooks/github", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(name = "X-GitHub-Event", required = false) String event,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
            @RequestBody byte[] body) {
        if (secret.length == 0) {
            throw new WebhookRefused(
                    HttpStatus.FORBIDDEN, "GitHub webhooks are off: set srekg.ingest.github-webhook-secret");
        }
        if (body.length > maxBytes) {
            throw new WebhookRefused(
                    HttpStatus.CONTENT_TOO_LARGE, "Body of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
        if (signature == null || !signature.startsWith(SIGNATURE_PREFIX)) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-Hub-Signature-256 is missing");
        }
        if (!Signatures.matches(secret, body, signature.substring(SIGNATURE_PREFIX.length()))) {
            throw new WebhookRefused(HttpStatus.UNAUTHORIZED, "X-Hub-Signature-256 does not match the body");
        }
        if ("ping".equals(event)) {
            return ResponseEntity.ok(Map.of("event", "ping"));
        }
        if (!"issues".equals(event)) {
            return ResponseEntity.accepted().body(Map.of("event", String.valueOf(event), "used", false));
        }
        ParseResult result = parser.parse(new IncomingRecord(topic, -1, -1, body, Map.of()));
        if (result instanceof ParseResult.Rejected rejected) {
            throw new WebhookRefused(HttpStatus.BAD_REQUEST, rejected.reason());
        }
        publisher.publish(topic, null, body, Map.of("content-type", "application/json", "x-github-event", event));
        return ResponseEntity.accepted().body(Map.of("event", event, "topic", topic, "used", true));
    }
}
