package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.traces.TraceAggregator;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neo4j.driver.Session;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest-only srekg on topics of a test's own, in the test's JVM or as srekg's jar in a JVM of its own, and reads of
 * what it wrote.
 */
final class IngestOnly {

    /** srekg's jar, built by {@code mvn package} before the integration tests. */
    static final Path JAR = Path.of("target", "srekg.jar");

    private IngestOnly() {}

    /**
     * The arguments of srekg with {@code --srekg.role=ingest} against a broker and a Neo4j, on topics named
     * {@code <prefix>.<stream>} ({@code <prefix>} itself for spans), as consumer group {@code <prefix>-<group>}.
     */
    static List<String> args(String kafkaBootstrap, String boltUri, String prefix, String group, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--srekg.role=ingest",
                "--srekg.kafka.bootstrap=" + kafkaBootstrap,
                "--srekg.neo4j.uri=" + boltUri,
                "--srekg.ingest.group-id=" + prefix + "-" + group,
                "--srekg.ingest.topics.deploys=" + prefix + ".deploys",
                "--srekg.ingest.topics.scaling=" + prefix + ".scaling",
                "--srekg.ingest.topics.tickets=" + prefix + ".tickets",
                "--srekg.ingest.topics.alerts=" + prefix + ".alerts",
                "--srekg.ingest.topics.changes=" + prefix + ".changes",
                "--srekg.ingest.topics.catalog=" + prefix + ".catalog",
                "--srekg.ingest.traces.topic=" + prefix));
        args.addAll(List.of(extra));
        return args;
    }

    /** The consumer group of one of the prefix's topics. */
    static String groupOf(String prefix, String group, String topic) {
        return IngestWorkers.groupOf(prefix + "-" + group, topic);
    }

    /** Waits until the consumer group of each of the prefix's topics has a member count that satisfies {@code members}. */
    static void awaitMembers(Admin admin, String prefix, String group, IntPredicate members, Duration timeout) {
        for (String topic : topics(prefix)) {
            KafkaRecords.awaitMembers(admin, groupOf(prefix, group, topic), members, timeout);
        }
    }

    /** The topics of a prefix, spans last. */
    static List<String> topics(String prefix) {
        return List.of(
                prefix + ".deploys",
                prefix + ".scaling",
                prefix + ".tickets",
                prefix + ".alerts",
                prefix + ".changes",
                prefix + ".catalog",
                prefix);
    }

    /** Starts ingest-only srekg in this JVM against the real stack; see {@link #args}. */
    static ConfigurableApplicationContext start(RealStack stack, String prefix, String group, String... extra) {
        return start(stack.kafkaBootstrap(), stack.boltUri(), prefix, group, extra);
    }

    /** Starts ingest-only srekg in this JVM against a broker and a Neo4j; see {@link #args}. */
    static ConfigurableApplicationContext start(
            String kafkaBootstrap, String boltUri, String prefix, String group, String... extra) {
        return new SpringApplicationBuilder(SrekgApplication.class)
                .web(WebApplicationType.NONE)
                .run(args(kafkaBootstrap, boltUri, prefix, group, extra).toArray(String[]::new));
    }

    /** Starts srekg's jar as an ingest worker in a JVM of its own, its output in a temporary file; see {@link #args}. */
    static Process process(String kafkaBootstrap, String boltUri, String prefix, String group, String... extra)
            throws IOException {
        assertThat(JAR)
                .as("srekg's jar (mvn package builds it before the integration tests)")
                .exists();
        Path log = Files.createTempFile("srekg-" + group + "-", ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-jar",
                JAR.toString(),
                "--server.port=0"));
        command.addAll(args(kafkaBootstrap, boltUri, prefix, group, extra));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Small polls and frequent flushes: the spans are written over many transactions, so that what is read later comes
     * after minutes are written (late spans are corrections).
     */
    static final String[] FREQUENT_FLUSHES = {
        "--srekg.ingest.max-poll-records=50",
        "--srekg.ingest.traces.flush-interval=300ms",
        "--srekg.ingest.traces.idle-flush=2s",
        "--srekg.ingest.traces.pairing-wait=20s",
    };

    /** A producer of spans records, sending each at once. */
    static KafkaProducer<byte[], byte[]> producer(RealStack stack) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrap(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** No key: records spread over the partitions, as the exporter's default does. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, value));
    }

    /** The trace stats of an ingest-only srekg started in this JVM. */
    static TraceAggregator.Stats traceStats(ConfigurableApplicationContext ingest) {
        return ingest.getBean(IngestWorkers.class).traceStats().orElseThrow();
    }

    /** Calls and errors counted on an edge over all hours. */
    static List<Long> edgeTotals(RealStack stack, String from, String to) {
        try (Session session = stack.driver().session()) {
            var r = session.run(
                            "MATCH (h:EdgeHour {source: $from, target: $to}) RETURN coalesce(sum(h.callsTotal), 0) AS calls,"
                                    + " coalesce(sum(h.errorsTotal), 0) AS errors",
                            Map.of("from", from, "to", to))
                    .single();
            return List.of(r.get("calls").asLong(), r.get("errors").asLong());
        }
    }
}
