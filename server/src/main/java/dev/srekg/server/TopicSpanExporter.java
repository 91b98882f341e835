package dev.srekg.server;

import dev.srekg.ingest.KafkaConnection;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
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
        CompletableResultCode result = new CompletableResultCode();
        producer.send(new ProducerRecord<>(topic, otlpProto(spans)), (metadata, e) -> {
            if (e == null) {
                result.succeed();
            } else {
                result.fail();
            }
        });
        return result;
    }

    /**
     * The spans as an OTLP {@code ExportTraceServiceRequest}, encoded by the SDK's own OTLP marshaler: the bytes the
     * OTLP exporters send, wire-compatible with the {@code TracesData} the Collector's kafka exporter writes.
     */
    static byte[] otlpProto(Collection<SpanData> spans) {
        TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.getBinarySerializedSize());
        try {
            request.writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
