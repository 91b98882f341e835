package dev.srekg.ingest.kafka;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * srekg's own spans and timings of ingest: one span per consumed batch ({@code <topic> process}, CONSUMER) with a
 * {@code parse} child and a {@code neo4j write} child (CLIENT, {@code db.system=neo4j}), and the write latency
 * histogram {@code srekg.ingest.write.duration}. With a no-op {@link OpenTelemetry} all of it costs nothing.
 */
public final class IngestTelemetry {

    static final AttributeKey<String> STREAM = AttributeKey.stringKey("srekg.stream");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<Long> BATCH = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");
    private static final AttributeKey<Long> ROWS = AttributeKey.longKey("db.operation.batch.size");

    /** Work whose outcome may be an exception of type {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final Tracer tracer;
    private final DoubleHistogram writeDuration;

    public IngestTelemetry(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.srekg.ingest");
        this.writeDuration = openTelemetry
                .getMeter("dev.srekg.ingest")
                .histogramBuilder("srekg.ingest.write.duration")
                .setUnit("s")
                .setDescription("Time of one Neo4j write transaction of a batch")
                .build();
    }

    /** Starts the span of a consumed batch and makes it current; close the returned scope, then end the span. */
    Span batch(String topic, int records) {
        return tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(BATCH, (long) records)
                .setAttribute(STREAM, topic)
                .startSpan();
    }

    /** Runs {@code work} in a child span of the current one. */
    <T, E extends Exception> T step(String name, Work<T, E> work) throws E {
        return inSpan(tracer.spanBuilder(name).startSpan(), work);
    }

    /** Runs a Neo4j write in a CLIENT span and records its duration for the stream. */
    <E extends Exception> void write(String stream, int rows, Work<Void, E> work) throws E {
        Span span = tracer.spanBuilder("neo4j write")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "neo4j")
                .setAttribute(PEER, "neo4j")
                .setAttribute(ROWS, (long) rows)
                .startSpan();
        long t0 = System.nanoTime();
        try {
            inSpan(span, work);
        } finally {
            writeDuration.record((System.nanoTime() - t0) / 1e9, Attributes.of(STREAM, stream));
        }
    }

    /** Runs {@code work} with {@code span} current, records a failure on it, and ends it. */
    private static <T, E extends Exception> T inSpan(Span span, Work<T, E> work) throws E {
        try (Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (Exception | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Ends a batch span, marking it failed when {@code failure} is set. */
    static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
