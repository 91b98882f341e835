package dev.srekg.bench;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.GraphChanges;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.DeploysParser;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.ingest.parse.ScalingParser;
import dev.srekg.ingest.parse.TicketsParser;
import dev.srekg.stack.LocalStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * What srekg's ingest is compared with: the limits of its two ends (reading the topics with no sink; writing the
 * same rows with srekg's statements and no Kafka) and the naive way (one transaction per event, as a plain consumer
 * with the driver would write).
 */
final class Probes {

    private static final Map<String, RecordParser> PARSERS = Map.of(
            "sre.deploys", new DeploysParser(),
            "sre.scaling", new ScalingParser(IdentityRules.DEFAULTS),
            "sre.tickets", new TicketsParser(IdentityRules.DEFAULTS),
            "sre.alerts", new AlertsParser(IdentityRules.DEFAULTS));

    /** Records read and how long it took. */
    record Read(List<ConsumerRecord<byte[], byte[]>> records, Duration took) {}

    private Probes() {}

    /** Reads every record of the topics from the start with one plain consumer and no sink. */
    static Read consumeOnly(LocalStack stack, List<String> topics) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                stack.kafkaBootstrap().orElseThrow(),
                "group.id",
                "probe-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "enable.auto.commit",
                "false",
                "max.poll.records",
                2000);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t ->
                    consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long t0 = System.nanoTime();
            while (records.size() < total) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return new Read(records, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The events of the records, parsed as srekg parses them (not timed). */
    static List<ChangeEvent> parse(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ChangeEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ParseResult result = PARSERS.get(r.topic())
                    .parse(new IncomingRecord(r.topic(), r.partition(), r.offset(), r.value(), Map.of()));
            if (result instanceof ParseResult.Parsed parsed) {
                events.addAll(parsed.events());
            }
        }
        return events;
    }

    /** srekg's statements on batches as large as a poll, straight to Neo4j: the write end's limit. */
    static Duration rawWrites(Driver driver, List<ChangeEvent> events, int batch) {
        GraphWriter writer = new GraphWriter(driver, Clock.systemUTC());
        long t0 = System.nanoTime();
        for (int i = 0; i < events.size(); i += batch) {
            writer.write(events.subList(i, Math.min(events.size(), i + batch)));
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** One transaction per event with the same statements: what a plain consumer with the driver would do. */
    static Duration oneTransactionPerEvent(Driver driver, List<ChangeEvent> events) {
        long t0 = System.nanoTime();
        try (Session session = driver.session()) {
            for (ChangeEvent e : events) {
                List<GraphChange> changes = GraphChanges.of(e, Instant.now());
                session.executeWriteWithoutResult(tx -> {
                    for (GraphChange c : changes) {
                        Map<String, Object> params = new HashMap<>();
                        params.put("rows", List.of(c.row()));
                        tx.run(c.statement().cypher(), params).consume();
                    }
                });
            }
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Deletes the change events (and what hangs off them) so that the next writer starts from the same graph. */
    static void deleteChangeEvents(Driver driver) {
        try (Session session = driver.session()) {
            session.run("""
                            MATCH (n) WHERE n:Deployment OR n:ScaleEvent OR n:Ticket OR n:SloBreach OR n:Slo OR n:Incident
                            CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
                            """).consume();
        }
    }
}
