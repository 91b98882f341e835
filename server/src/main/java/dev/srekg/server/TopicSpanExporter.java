package dev.srekg.server;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.KafkaConnection;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dogfooding: srekg's own spans written to its spans topic as the Collector's kafka exporter would write them
 * (OTLP protobuf), so srekg, Neo4j and Kafka appear in srekg's graph like any other service.
 */
final class TopicSpanExporter implements SpanExporter {

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("service.namespace");

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    TopicSpanExporter(KafkaConnection kafka, String topic) {
        this.producer = new KafkaProducer<>(
                kafka.clientProperties(Map.of("client.id", "srekg-dogfood", "linger.ms", 100)),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        List<Otlp.S> converted = new ArrayList<>(spans.size());
        Map<String, String> namespaces = new HashMap<>();
        for (SpanData s : spans) {
            String service = s.getResource().getAttribute(SERVICE);
            String namespace = s.getResource().getAttribute(NAMESPACE);
            if (namespace != null) {
                namespaces.put(service, namespace);
            }
            Map<String, String> attributes = new HashMap<>();
            s.getAttributes().forEach((k, v) -> {
                if (k.getType() == io.opentelemetry.api.common.AttributeType.STRING) {
                    attributes.put(k.getKey(), String.valueOf(v));
                }
            });
            converted.add(new Otlp.S(
                    service,
                    s.getTraceId(),
                    s.getSpanId(),
                    s.getParentSpanContext().isValid() ? s.getParentSpanId() : "",
                    s.getKind().ordinal() + 1,
                    Instant.ofEpochSecond(0, s.getStartEpochNanos()),
                    Duration.ofNanos(s.getEndEpochNanos() - s.getStartEpochNanos()),
                    s.getStatus().getStatusCode() == StatusCode.ERROR,
                    attributes));
        }
        CompletableResultCode result = new CompletableResultCode();
        producer.send(new ProducerRecord<>(topic, Otlp.proto(converted, namespaces)), (metadata, e) -> {
            if (e == null) {
                result.succeed();
            } else {
                result.fail();
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        producer.flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        producer.close(Duration.ofSeconds(5));
        return CompletableResultCode.ofSuccess();
    }
}
