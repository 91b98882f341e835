package dev.srekg.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Sends records that cannot be parsed or written to {@code <topic><suffix>}, with the original key, value and
 * headers, and headers that say why and where from. A value too large for the dead-letter topic is cut, with a header
 * that says so; the source coordinates point to the whole record while the source topic retains it.
 */
final class DeadLetters {

    static final String REASON = "srekg.dlq.reason";
    static final String SOURCE_TOPIC = "srekg.dlq.source.topic";
    static final String SOURCE_PARTITION = "srekg.dlq.source.partition";
    static final String SOURCE_OFFSET = "srekg.dlq.source.offset";
    /** Set when the value was cut to fit the dead-letter topic: the size of the whole value, in bytes. */
    static final String TRUNCATED_FROM = "srekg.dlq.truncated.from";

    private static final int MAX_REASON_LENGTH = 1000;

    private final Producer<byte[], byte[]> producer;
    private final String suffix;
    private final long maxRecordBytes;
    private final int maxValueBytes;

    /**
     * @param maxRecordBytes largest record the workers parse; see {@link #refusal}
     * @param maxValueBytes largest value copied whole to the dead-letter topic
     */
    DeadLetters(Producer<byte[], byte[]> producer, String suffix, long maxRecordBytes, int maxValueBytes) {
        this.producer = producer;
        this.suffix = suffix;
        this.maxRecordBytes = maxRecordBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /** Why a record is dead-lettered before it is parsed (it is too large), or null when it may be parsed. */
    String refusal(ConsumerRecord<byte[], byte[]> record) {
        long size = record.value() == null ? 0 : record.value().length;
        return size <= maxRecordBytes
                ? null
                : "record of " + size + " bytes is larger than srekg.ingest.max-record-size (" + maxRecordBytes
                        + " bytes)";
    }

    String topicFor(String sourceTopic) {
        return sourceTopic + suffix;
    }

    Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> record, String reason) {
        byte[] value = record.value();
        boolean cut = value != null && value.length > maxValueBytes;
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(
                topicFor(record.topic()), null, record.key(), cut ? Arrays.copyOf(value, maxValueBytes) : value);
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        if (cut) {
            out.headers().add(TRUNCATED_FROM, utf8(Integer.toString(value.length)));
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
