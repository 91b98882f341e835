package dev.srekg.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Sends records that cannot be parsed or written to {@code <topic><suffix>}, with the original key, value and
 * headers, and headers that say why and where from.
 */
final class DeadLetters {

    static final String REASON = "srekg.dlq.reason";
    static final String SOURCE_TOPIC = "srekg.dlq.source.topic";
    static final String SOURCE_PARTITION = "srekg.dlq.source.partition";
    static final String SOURCE_OFFSET = "srekg.dlq.source.offset";
    private static final int MAX_REASON_LENGTH = 1000;

    private final Producer<byte[], byte[]> producer;
    private final String suffix;

    DeadLetters(Producer<byte[], byte[]> producer, String suffix) {
        this.producer = producer;
        this.suffix = suffix;
    }

    String topicFor(String sourceTopic) {
        return sourceTopic + suffix;
    }

    Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> out =
                new ProducerRecord<>(topicFor(record.topic()), null, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        String bounded = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
        out.headers().add(REASON, utf8(bounded));
        out.headers().add(SOURCE_TOPIC, utf8(record.topic()));
        out.headers().add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        out.headers().add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        return producer.send(out);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
