package dev.srekg.ingest.http;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.CatalogParser;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import java.time.Clock;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/catalog}: one {@code catalog-info.yaml} (one or more YAML documents) or the Backstage catalog
 * API's JSON, as the bulk import ({@code ./catalog-import}) sends a directory file by file (issue 18). Checked with the
 * catalog stream's parser (400 with the reason when it would be dead-lettered), then put on the catalog topic with the
 * moment it was read ({@value CatalogParser#OBSERVED_AT}), from which the descriptions are valid; 202 once Kafka has
 * it, with the number of entities srekg keeps.
 */
@RestController
class CatalogImport {

    private final WebhookPublisher publisher;
    private final CatalogParser parser = new CatalogParser();
    private final String topic;
    private final long maxBytes;
    private final Clock clock;

    CatalogImport(WebhookPublisher publisher, IngestProperties properties, Clock clock) {
        this.publisher = publisher;
        this.topic = properties.topics().catalog();
        this.maxBytes = properties.webhookMaxSize().toBytes();
        this.clock = clock;
    }

    @PostMapping(
            path = "/api/v1/catalog",
            consumes = {"application/yaml", "application/x-yaml", "text/yaml", "application/json"})
    ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] body) {
        if (body.length > maxBytes) {
            throw new WebhookRefused(
                    HttpStatus.CONTENT_TOO_LARGE, "Body of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
        Map<String, String> headers =
                Map.of(CatalogParser.OBSERVED_AT, clock.instant().toString());
        ParseResult result = parser.parse(new IncomingRecord(topic, -1, -1, body, headers));
        if (result instanceof ParseResult.Rejected rejected) {
            throw new WebhookRefused(HttpStatus.BAD_REQUEST, rejected.reason());
        }
        int entities =
                result instanceof ParseResult.Parsed parsed ? parsed.events().size() : 0;
        // No key: a version is kept by its event time and content, whatever the partition and arrival order.
        publisher.publish(topic, null, body, headers);
        return ResponseEntity.accepted().body(Map.of("topic", topic, "entities", entities));
    }
}
