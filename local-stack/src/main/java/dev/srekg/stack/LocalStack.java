package dev.srekg.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Kafka broker and the real Neo4j database that srekg runs on one machine when no cluster is
 * configured. Data lives under {@link LocalStackSettings#dataDir()}, so a restart keeps topics and graph.
 * Closing stops Kafka first, then Neo4j.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedNeo4j neo4j;
    private final EmbeddedKafka kafka;

    private LocalStack(EmbeddedNeo4j neo4j, EmbeddedKafka kafka) {
        this.neo4j = neo4j;
        this.kafka = kafka;
    }

    /** Starts what the settings ask for; on failure stops whatever had started and rethrows. */
    public static LocalStack start(LocalStackSettings settings) {
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        if (settings.wipe()) {
            deleteRecursively(dataDir);
        }
        EmbeddedNeo4j neo4j = null;
        EmbeddedKafka kafka = null;
        try {
            if (settings.startNeo4j()) {
                long t0 = System.nanoTime();
                neo4j = EmbeddedNeo4j.start(dataDir.resolve("neo4j"), settings.boltPort());
                log.info("Neo4j started at {} in {} ms", neo4j.boltUri(), (System.nanoTime() - t0) / 1_000_000);
            }
            if (settings.startKafka()) {
                long t0 = System.nanoTime();
                kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
                log.info(
                        "Kafka (KRaft) started at {} in {} ms",
                        kafka.bootstrapServers(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            return new LocalStack(neo4j, kafka);
        } catch (RuntimeException | Error e) {
            closeQuietly(kafka);
            closeQuietly(neo4j);
            throw e;
        }
    }

    /** Bolt URI of the embedded Neo4j, empty when it was not started. */
    public Optional<String> boltUri() {
        return Optional.ofNullable(neo4j).map(EmbeddedNeo4j::boltUri);
    }

    /** Bootstrap address of the embedded broker, empty when it was not started. */
    public Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(kafka).map(EmbeddedKafka::bootstrapServers);
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        closeQuietly(kafka);
        closeQuietly(neo4j);
        log.info("Local stack stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Error while stopping {}", c.getClass().getSimpleName(), e);
        }
    }

    /** Deletes a stopped stack's data directory and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
