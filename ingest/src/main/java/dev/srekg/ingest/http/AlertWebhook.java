package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.ParseResult;
import java.util.Map;
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

    private final Intake intake;

    AlertWebhook(WebhookPublisher publisher, IngestProperties properties) {
        this.intake = new Intake(
                publisher,
                new AlertsParser(properties.identity().rules()),
                properties.topics().alerts(),
                properties.webhookMaxSize().toBytes());
    }

    @PostMapping(path = "/api/v1/alerts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] body) {
        ParseResult result = intake.publish(body, Map.of());
        int alerts =
                result instanceof ParseResult.Parsed parsed ? parsed.events().size() : 0;
        return ResponseEntity.accepted().body(Map.of("topic", intake.topic(), "alerts", alerts));
    }
}
