package dev.srekg.server;

import dev.srekg.demo.DemoWorld;
import dev.srekg.demo.Estate;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.EventTime;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neo4j.driver.Driver;

/**
 * Ten minutes of the demo shop (spans of 6,000 requests, deploys, HPA events, Jira and GitHub issues, Sloth alerts)
 * on a fault test's own topics, three partitions each, and what a fault test compares: the whole graph.
 */
final class ShopStream {

    /** When srekg learned a fact differs between runs by nature. */
    private static final Set<String> RECORD_TIME =
            Set.of("recordedAt", "endRecordedAt", "closedRecordedAt", "toRecordedAt");

    /** Incidents are derived asynchronously, checkpoints are per run. */
    private static final Set<String> NOT_COMPARED = Set.of("Incident", "TraceCheckpoint");

    private ShopStream() {}

    /** Creates the topics of {@link IngestOnly#topics(String)} and sends the shop to them; returns the records sent. */
    static int produce(Admin admin, String kafkaBootstrap, String prefix) throws Exception {
        createTopics(admin, prefix);
        return send(kafkaBootstrap, prefix, Duration.ZERO);
    }

    static void createTopics(Admin admin, String prefix) throws Exception {
        TopicProvisioning.ensure(admin, IngestOnly.topics(prefix), 3, (short) 1);
    }

    /**
     * Sends the shop to the topics of the prefix, pausing after each second of event time, as a live source would;
     * returns the records sent, every one acknowledged by the broker.
     */
    static int send(String kafkaBootstrap, String prefix, Duration pausePerSecond) throws Exception {
        Instant start = EventTime.nextHour();
        DemoWorld world = new DemoWorld(
                Estate.shop(),
                new DemoWorld.Settings(
                        10,
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(4),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1)),
                3,
                start);
        Map<DemoWorld.Stream, String> topic = Map.of(
                DemoWorld.Stream.SPANS, prefix,
                DemoWorld.Stream.DEPLOYS, prefix + ".deploys",
                DemoWorld.Stream.SCALING, prefix + ".scaling",
                DemoWorld.Stream.TICKETS, prefix + ".tickets",
                DemoWorld.Stream.ALERTS, prefix + ".alerts",
                DemoWorld.Stream.CHANGES, prefix + ".changes");
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        // Idempotent with acks=all (the defaults, spelled out): a retry after a broker restart writes no duplicate.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafkaBootstrap, "enable.idempotence", "true", "acks", "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int second = 1; second <= 600; second++) {
                for (DemoWorld.Emitted e : world.advance(start.plusSeconds(second))) {
                    if (topic.containsKey(e.stream())) {
                        acks.add(producer.send(new ProducerRecord<>(topic.get(e.stream()), e.value())));
                    }
                }
                if (!pausePerSecond.isZero()) {
                    Thread.sleep(pausePerSecond.toMillis());
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        return acks.size();
    }

    /** The graph as sorted lines, without record times, incidents and checkpoints. */
    static List<String> snapshot(Driver driver) {
        return Graphs.snapshot(driver, RECORD_TIME, NOT_COMPARED);
    }

    /**
     * Every record of the prefix committed by the group, and the last windows (written by the idle flush, before their
     * offsets are committed) in the graph: waits until the calls counted stop changing.
     */
    static void awaitWritten(Admin admin, Driver driver, String prefix, String group) throws InterruptedException {
        KafkaRecords.awaitConsumed(
                admin, t -> IngestOnly.groupOf(prefix, group, t), IngestOnly.topics(prefix), Duration.ofMinutes(3));
        long before;
        long after = edgeCalls(driver);
        do {
            before = after;
            Thread.sleep(3000);
            after = edgeCalls(driver);
        } while (after != before);
    }

    private static long edgeCalls(Driver driver) {
        return Graphs.count(driver, "MATCH (h:EdgeHour) RETURN coalesce(sum(h.callsTotal), 0)");
    }
}
