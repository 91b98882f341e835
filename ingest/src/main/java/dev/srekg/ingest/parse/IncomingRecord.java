package dev.srekg.ingest.parse;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A record as it came off a topic, free of Kafka types so that parsers stay pure.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param value the record value, possibly empty
 * @param headers the record headers, decoded as UTF-8; the last value wins for a repeated name
 */
public record IncomingRecord(String topic, int partition, long offset, byte[] value, Map<String, String> headers) {

    public IncomingRecord {
        Objects.requireNonNull(topic, "topic");
        value = value == null ? new byte[0] : value;
        headers = Map.copyOf(headers);
    }

    /** A header, matched ignoring case as HTTP-derived header names vary in case. */
    public Optional<String> header(String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Where the record came from, for log lines and dead-letter reasons. */
    public String origin() {
        return topic + "-" + partition + "@" + offset;
    }
}
