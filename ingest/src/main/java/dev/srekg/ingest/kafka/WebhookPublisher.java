package dev.srekg.ingest.kafka;

import dev.srekg.ingest.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts webhook bodies on a topic, so Kafka stays the one path into the graph. {@link #publish} returns once the
 * broker has acknowledged the record, or fails within a bounded time.
 */
public final class WebhookPublisher implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<byte[], byte[]> producer;

    public WebhookPublisher(KafkaConnection kafka) {
        this.producer = new KafkaProducer<>(
                kafka.clientProperties(Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        "true",
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "srekg-webhooks",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) ACK_TIMEOUT.toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) ACK_TIMEOUT.toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        (int) ACK_TIMEOUT.toMillis() - 1000,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0)),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /**
     * Sends and waits for the acknowledgement.
     *
     * @throws PublishFailed when the broker did not acknowledge in time
     */
    public void publish(String topic, byte[] key, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(ACK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted", e);
        } catch (ExecutionException e) {
            throw new PublishFailed(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new PublishFailed(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }

    /** Kafka did not take the record; the sender should retry. */
    public static final class PublishFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
