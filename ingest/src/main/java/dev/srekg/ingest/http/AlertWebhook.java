package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/alerts}: Alertmanager's {@code webhook_configs} URL. The payload is checked with the same parser
 * the alerts stream uses (a payload that would be dead-lettered is refused with 400 and the reason), then put on the
 * alerts topic as it came; 202 once Kafka has it. When Kafka cannot take it the answer is 503, so Alertmanager
 * retries.
 */
@RestController
class AlertWebhook {

    private final WebhookPublisher publisher;
    private final AlertsParser parser;
    private final String topic;
    private final long maxBytes;

    AlertWebhook(WebhookPublisher publisher, IngestProperties properties) {
        this.publisher = publisher;
        this.parser = new AlertsParser(properties.identity().rules());
        this.topic = properties.topics().alerts();
        this.maxBytes = properties.webhookMaxSize().toBytes();
    }

    @PostMapping(path = "/api/v1/alerts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] body) {
        if (body.length > maxBytes) {
            throw new WebhookRefused(
                    HttpStatus.CONTENT_TOO_LARGE, "Body of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
        ParseResult result = parser.parse(new IncomingRecord(topic, -1, -1, body, Map.of()));
        if (result instanceof ParseResult.Rejected rejected) {
            throw new WebhookRefused(HttpStatus.BAD_REQUEST, rejected.reason());
        }
        int alerts =
                result instanceof ParseResult.Parsed parsed ? parsed.events().size() : 0;
        // No key: breach writes do not depend on arrival order, so any partition will do.
        publisher.publish(topic, null, body, Map.of("content-type", "application/json"));
        return ResponseEntity.accepted().body(Map.of("topic", topic, "alerts", alerts));
    }
}
