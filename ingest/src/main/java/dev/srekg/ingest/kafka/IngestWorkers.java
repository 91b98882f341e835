package dev.srekg.ingest.kafka;

import dev.srekg.ingest.GraphSink;
import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.KafkaConnection;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.ingest.traces.TraceAggregator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Starts one consumer thread per stream, and stops them before the Neo4j driver closes. */
public final class IngestWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestWorkers.class);

    private final KafkaConnection kafka;
    private final IngestProperties properties;
    private final GraphSink sink;
    private final Map<String, RecordParser> parsersByTopic;
    /** One pipeline per stream, the spans last; a thread each, at the same index. */
    private final List<ConsumerPipeline<?>> workers = new ArrayList<>();

    private TraceHandler traceHandler;
    private final List<Thread> threads = new ArrayList<>();
    private Producer<byte[], byte[]> deadLetterProducer;

    private final IngestTelemetry telemetry;

    public IngestWorkers(
            KafkaConnection kafka,
            IngestProperties properties,
            GraphSink sink,
            Map<String, RecordParser> parsersByTopic,
            IngestTelemetry telemetry) {
        this.telemetry = telemetry;
        this.kafka = kafka;
        this.properties = properties;
        this.sink = sink;
        this.parsersByTopic = new LinkedHashMap<>(parsersByTopic);
    }

    @Override
    public synchronized void start() {
        if (properties.createTopics()) {
            createMissingTopics();
        }
        deadLetterProducer = new KafkaProducer<>(
                kafka.clientProperties(Map.of(
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.CLIENT_ID_CONFIG, "srekg-dead-letters")),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        DeadLetters deadLetters = new DeadLetters(
                deadLetterProducer,
                properties.deadLetterSuffix(),
                properties.maxRecordSize().toBytes(),
                (int) Math.min(Integer.MAX_VALUE, properties.deadLetterMaxSize().toBytes()));
        parsersByTopic.forEach((topic, parser) -> {
            // Incremental rebalancing: a worker joining or leaving moves only the partitions that change owner; the
            // others keep being consumed.
            var consumer = newConsumer(
                    topic,
                    Map.of(
                            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                            CooperativeStickyAssignor.class.getName()));
            start(new ConsumerPipeline<>(
                    topic,
                    consumer,
                    new StreamHandler(topic, consumer, parser, sink),
                    deadLetters,
                    properties.pollTimeout(),
                    telemetry));
        });
        IngestProperties.Traces traces = properties.traces();
        if (traces.enabled()) {
            // Eager rebalancing: every assignment re-seeks all partitions to their checkpoints.
            var consumer = newConsumer(
                    traces.topic(),
                    Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName()));
            traceHandler = new TraceHandler(
                    traces.topic(),
                    consumer,
                    new TraceAggregator(
                            new TraceAggregator.Settings(
                                    traces.lateness(),
                                    traces.pairingWait(),
                                    traces.maxWaiting(),
                                    traces.correctionHorizon()),
                            traces.peerResolver()),
                    sink,
                    new TraceHandler.Settings(
                            traces.encodingValue(),
                            traces.idleEdgeTimeout(),
                            traces.lateness(),
                            traces.idleFlush(),
                            traces.flushInterval(),
                            traces.partitionIdleTimeout(),
                            traces.minuteRetention(),
                            traces.hourRetention(),
                            properties.identity().rules()));
            start(new ConsumerPipeline<List<SpanData>>(
                    traces.topic(), consumer, traceHandler, deadLetters, properties.pollTimeout(), telemetry));
        }
        log.info(
                "Consuming {} as consumer groups {}",
                topics(),
                topics().stream().map(t -> groupOf(properties.groupId(), t)).toList());
    }

    private void start(ConsumerPipeline<?> worker) {
        Thread thread = new Thread(worker, "srekg-ingest-" + worker.topic());
        workers.add(worker);
        threads.add(thread);
        thread.start();
    }

    /**
     * The consumer group of a topic's workers: {@code <group-id>.<topic>}. A group per stream, so that a worker joining
     * or leaving rebalances each stream once, and the spans stream only with the spans workers, rather than every
     * stream once per consumer of the joining process.
     */
    public static String groupOf(String groupId, String topic) {
        return groupId + "." + topic;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer(String topic, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                groupOf(properties.groupId(), topic),
                ConsumerConfig.CLIENT_ID_CONFIG,
                "srekg-ingest-" + topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                properties.maxPollRecords()));
        config.putAll(extra);
        return new KafkaConsumer<>(
                kafka.clientProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void createMissingTopics() {
        List<String> names = new ArrayList<>();
        for (String topic : topics()) {
            names.add(topic);
            names.add(topic + properties.deadLetterSuffix());
        }
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
            TopicProvisioning.ensure(admin, names, properties.partitions(), properties.replicationFactor());
        }
    }

    @Override
    public synchronized void stop() {
        workers.forEach(ConsumerPipeline::stop);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        threads.clear();
        traceHandler = null;
        if (deadLetterProducer != null) {
            deadLetterProducer.close(java.time.Duration.ofSeconds(5));
            deadLetterProducer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return !threads.isEmpty();
    }

    /** Counts per stream since start, in start order. */
    public synchronized List<StreamStats> stats() {
        List<StreamStats> stats = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            stats.add(workers.get(i).stats(threads.get(i).isAlive()));
        }
        return stats;
    }

    /** Topics consumed, in start order. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>(parsersByTopic.keySet());
        if (properties.traces().enabled()) {
            topics.add(properties.traces().topic());
        }
        return topics;
    }

    /** Counts of the trace aggregation since start, or empty when traces are not consumed. */
    public synchronized java.util.Optional<TraceAggregator.Stats> traceStats() {
        return java.util.Optional.ofNullable(traceHandler).map(TraceHandler::traceStats);
    }
}
