package dev.srekg.ingest.http;

import dev.srekg.ingest.kafka.WebhookPublisher;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A webhook's body checked with its stream's parser and put on the stream's topic as it came, so that a payload the
 * worker would dead-letter is refused to its sender instead (400 with the reason), and one too large with 413.
 *
 * @param publisher puts the body on Kafka and waits for the broker
 * @param parser the stream's parser
 * @param topic the stream's topic
 * @param maxBytes the largest body taken
 */
record Intake(WebhookPublisher publisher, RecordParser parser, String topic, long maxBytes) {

    /** Checks the body and publishes it unless refused; what the parser made of it. */
    ParseResult publish(byte[] body, Map<String, String> headers) {
        checkSize(body);
        ParseResult result = parser.parse(new IncomingRecord(topic, -1, -1, body, headers));
        if (result instanceof ParseResult.Rejected rejected) {
            throw new WebhookRefused(HttpStatus.BAD_REQUEST, rejected.reason());
        }
        Map<String, String> recordHeaders = new HashMap<>(headers);
        recordHeaders.put("content-type", "application/json");
        // No key: none of these streams' writes depends on arrival order, so any partition will do.
        publisher.publish(topic, null, body, recordHeaders);
        return result;
    }

    /** Refuses a body over the limit with 413. */
    void checkSize(byte[] body) {
        if (body.length > maxBytes) {
            throw new WebhookRefused(
                    HttpStatus.CONTENT_TOO_LARGE, "Body of " + body.length + " bytes exceeds the limit of " + maxBytes);
        }
    }
}
