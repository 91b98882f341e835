package dev.srekg.ingest.kafka;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.GraphSink;
import dev.srekg.ingest.WriteFailure;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.ingest.traces.TraceAggregator;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The one error policy of the consumer pipeline, for both kinds of handler, against a fake sink and Kafka's
 * {@link MockConsumer}: retriable failures are retried and the poll committed once; poison is dead-lettered and the
 * rest written once; a write rejected for a record dead-letters that record and goes on; a rejected write no record
 * can be blamed for (a trace flush) stops the worker, committing nothing. Issue 14.
 */
class ConsumerPipelineTest {

    private static final Instant T = Instant.parse("2026-11-03T12:00:00Z");

    private final CountingConsumer consumer = new CountingConsumer();
    private final MockProducer<byte[], byte[]> deadLetterProducer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final FakeSink sink = new FakeSink();

    @Test
    void retriableWriteIsRetriedThenThePollIsCommittedOnce() throws Exception {
        var pipeline = streamPipeline("deploys");
        sink.failures.add(new WriteFailure.Retriable("database unavailable", null));
        records("deploys", "ok:a", "ok:b");

        pipeline.pollOnce();

        assertThat(sink.written).containsExactly(List.of("a", "b"));
        assertThat(consumer.commits).hasValue(1);
        assertThat(committed("deploys")).isEqualTo(2);
        assertThat(deadLetterProducer.history()).isEmpty();
        assertThat(pipeline.stats(true)).satisfies(s -> {
            assertThat(s.writeRetries()).isEqualTo(1);
            assertThat(s.written()).isEqualTo(2);
        });
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheRestOfTheBatchIsWrittenOnce() throws Exception {
        var pipeline = streamPipeline("deploys");
        records("deploys", "ok:a", "bad", "skip", "ok:b");

        pipeline.pollOnce();

        assertThat(sink.written).containsExactly(List.of("a", "b"));
        assertThat(deadLetters()).containsExactly("deploys.dlq@1: not a deploy");
        assertThat(committed("deploys")).isEqualTo(4);
        assertThat(pipeline.stats(true)).satisfies(s -> {
            assertThat(s.deadLettered()).isEqualTo(1);
            assertThat(s.skipped()).isEqualTo(1);
            assertThat(s.running()).isTrue();
        });
    }

    @Test
    void writeRejectedForARecordDeadLettersThatRecordAloneAndGoesOn() throws Exception {
        var pipeline = streamPipeline("deploys");
        sink.rejects = events -> events.contains("evil");
        records("deploys", "ok:a", "ok:evil", "ok:b");

        pipeline.pollOnce();

        assertThat(sink.written).containsExactly(List.of("a"), List.of("b"));
        assertThat(deadLetters()).singleElement().asString().startsWith("deploys.dlq@1: write rejected by Neo4j");
        assertThat(committed("deploys")).isEqualTo(3);

        records("deploys", "ok:c");
        pipeline.pollOnce();

        assertThat(sink.written).containsExactly(List.of("a"), List.of("b"), List.of("c"));
        assertThat(committed("deploys")).isEqualTo(4);
        assertThat(pipeline.isRunning()).isTrue();
    }

    @Test
    void traceFlushFailingRetriablyIsRetriedThenWrittenAndCommittedOnce() throws Exception {
        var pipeline = tracePipeline("spans");
        sink.failures.add(new WriteFailure.Retriable("database unavailable", null));
        spans("spans", 16);

        pipeline.pollOnce();

        assertThat(sink.traffic).hasSize(1);
        assertThat(sink.traffic.get(0)).isNotEmpty();
        assertThat(consumer.commits).hasValue(1);
        assertThat(committed("spans")).isPositive();
        assertThat(pipeline.stats(true).writeRetries()).isEqualTo(1);
    }

    @Test
    void spansRecordThatDoesNotParseIsDeadLetteredAndTheOthersAreCounted() throws Exception {
        var pipeline = tracePipeline("spans");
        spans("spans", 8);
        consumer.addRecord(record("spans", 8, "{not otlp".getBytes(StandardCharsets.UTF_8)));
        spans("spans", 8, 16);

        pipeline.pollOnce();

        assertThat(deadLetters()).singleElement().asString().startsWith("spans.dlq@8: ");
        assertThat(sink.traffic).hasSize(1);
        assertThat(pipeline.stats(true).written()).isEqualTo(16);
    }

    @Test
    void rejectedTraceFlushStopsTheWorkerWithoutCommitting() {
        var pipeline = tracePipeline("spans");
        sink.rejects = events -> true;
        spans("spans", 16);

        assertThatThrownBy(pipeline::pollOnce).isInstanceOf(WriteFailure.Rejected.class);
        assertThat(consumer.commits).hasValue(0);
        assertThat(deadLetterProducer.history()).isEmpty();
    }

    @Test
    void workerWhoseWriteIsRejectedForNoRecordStopsForGood() {
        ConsumerPipeline<List<SpanData>> pipeline = newTracePipeline("spans");
        sink.rejects = events -> true;
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(new TopicPartition("spans", 0)));
            consumer.updateBeginningOffsets(Map.of(new TopicPartition("spans", 0), 0L));
        });
        consumer.schedulePollTask(() -> spans("spans", 16));
        Thread worker = new Thread(pipeline);
        worker.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !worker.isAlive());
        assertThat(pipeline.stats(false).running()).isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(consumer.commits).hasValue(0);
    }

    private ConsumerPipeline<List<ChangeEvent>> streamPipeline(String topic) {
        var pipeline = new ConsumerPipeline<>(
                topic,
                consumer,
                new StreamHandler(topic, consumer, PARSER, sink),
                deadLetters(topic),
                Duration.ZERO,
                new IngestTelemetry(OpenTelemetry.noop()));
        assign(pipeline, topic);
        return pipeline;
    }

    private ConsumerPipeline<List<SpanData>> tracePipeline(String topic) {
        var pipeline = newTracePipeline(topic);
        assign(pipeline, topic);
        return pipeline;
    }

    private ConsumerPipeline<List<SpanData>> newTracePipeline(String topic) {
        Duration lateness = Duration.ofSeconds(30);
        var handler = new TraceHandler(
                topic,
                consumer,
                new TraceAggregator(
                        new TraceAggregator.Settings(lateness, Duration.ofSeconds(20), 1000, Duration.ofHours(24))),
                sink,
                new TraceHandler.Settings(
                        OtlpSpans.Encoding.OTLP_PROTO,
                        Duration.ofMinutes(10),
                        lateness,
                        Duration.ofHours(1),
                        Duration.ZERO,
                        Duration.ofHours(1),
                        Duration.ofDays(7),
                        Duration.ZERO,
                        dev.srekg.ingest.parse.IdentityRules.DEFAULTS));
        return new ConsumerPipeline<>(
                topic, consumer, handler, deadLetters(topic), Duration.ZERO, new IngestTelemetry(OpenTelemetry.noop()));
    }

    private void assign(ConsumerPipeline<?> pipeline, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        pipeline.subscribe();
        consumer.rebalance(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
    }

    private DeadLetters deadLetters(String topic) {
        return new DeadLetters(deadLetterProducer, ".dlq", 1 << 20, 1 << 20);
    }

    private void records(String topic, String... values) {
        long offset = consumer.next;
        for (String v : values) {
            consumer.addRecord(record(topic, offset++, v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Traces {@code from} to {@code to - 1}, 20 s apart from 12:00, a record each: frontend calls checkout. */
    private void spans(String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            Instant t = T.plusSeconds(20L * i);
            byte[] value = Otlp.proto(List.of(
                    span("frontend", trace(i + 1), Otlp.span(1), "", CLIENT, t, 30),
                    span("checkout", trace(i + 1), Otlp.span(2), Otlp.span(1), SERVER, t.plusMillis(1), 20)));
            consumer.addRecord(record(topic, consumer.next, value));
        }
    }

    private void spans(String topic, int traces) {
        spans(topic, 0, traces);
    }

    private ConsumerRecord<byte[], byte[]> record(String topic, long offset, byte[] value) {
        consumer.next = offset + 1;
        return new ConsumerRecord<>(topic, 0, offset, null, value);
    }

    private long committed(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        OffsetAndMetadata offset = consumer.committed(Set.of(tp)).get(tp);
        return offset == null ? -1 : offset.offset();
    }

    /** Each dead letter as {@code <topic>@<source offset>: <reason>}. */
    private List<String> deadLetters() {
        List<String> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : deadLetterProducer.history()) {
            out.add(r.topic() + "@" + header(r, DeadLetters.SOURCE_OFFSET) + ": " + header(r, DeadLetters.REASON));
        }
        return out;
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** {@code ok:<key>} is a fact, {@code skip} a kind srekg does not use, anything else poison. */
    private static final RecordParser PARSER = record -> {
        String v = new String(record.value(), StandardCharsets.UTF_8);
        if (v.startsWith("ok:")) {
            return ParseResult.parsed(new Fact(v.substring(3)));
        }
        return v.equals("skip") ? new ParseResult.Skipped("not used") : new ParseResult.Rejected("not a deploy");
    };

    private record Fact(String key) implements ChangeEvent {
        @Override
        public Instant at() {
            return T;
        }

        @Override
        public GraphChange change(Instant recordedAt) {
            throw new UnsupportedOperationException("the fake sink does not map events");
        }
    }

    /** Records what it is given; throws the queued failures first, then rejects what {@link #rejects} says. */
    private static final class FakeSink implements GraphSink {
        final Deque<WriteFailure> failures = new ArrayDeque<>();
        Predicate<List<String>> rejects = events -> false;
        final List<List<String>> written = new ArrayList<>();
        final List<List<TrafficWindow>> traffic = new ArrayList<>();

        @Override
        public Clock clock() {
            return Clock.fixed(T, ZoneOffset.UTC);
        }

        @Override
        public void write(List<? extends ChangeEvent> events) {
            List<String> keys = events.stream().map(ChangeEvent::key).toList();
            fail(keys);
            written.add(keys);
        }

        @Override
        public void writeTraffic(List<TrafficWindow> windows, List<GraphChange> changes) {
            fail(windows.stream().map(Object::toString).toList());
            traffic.add(windows);
        }

        private void fail(List<String> what) {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            if (rejects.test(what)) {
                throw new WriteFailure.Rejected("constraint violated", null);
            }
        }

        @Override
        public Map<Integer, TraceCheckpoint> readCheckpoints(String topic, Collection<Integer> partitions) {
            return Map.of();
        }

        @Override
        public Set<String> readInstrumentedServices() {
            return Set.of();
        }
    }

    /** Kafka's mock consumer, counting commits and the next offset to add. */
    private static final class CountingConsumer extends MockConsumer<byte[], byte[]> {
        final AtomicInteger commits = new AtomicInteger();
        long next;

        CountingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.incrementAndGet();
            super.commitSync(offsets);
        }
    }
}
