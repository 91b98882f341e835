package dev.srekg.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Neo4j and Kafka as Docker images through Testcontainers, for {@link StackBackend#CONTAINERS}. The images default to
 * the versions the build embeds (system properties {@code srekg.test.neo4j-image}, {@code srekg.test.kafka-image},
 * set by the build from {@code neo4j.version} and {@code kafka.version}).
 */
final class ContainerStack implements AutoCloseable {

    private static final int BOLT = 7687;
    private static volatile String noDocker;

    private final GenericContainer<?> neo4j;
    private final KafkaContainer kafka;

    private ContainerStack(GenericContainer<?> neo4j, KafkaContainer kafka) {
        this.neo4j = neo4j;
        this.kafka = kafka;
    }

    /**
     * Aborts the calling test, with one line on standard error the first time, when no Docker engine is reachable.
     * The cheap checks (a {@code DOCKER_HOST}, a socket in the usual places) come first, so that a machine without
     * Docker never sees Testcontainers' own lookup and its stack traces.
     */
    static void requireDocker() {
        if (noDocker == null) {
            String reason = dockerMissing();
            noDocker = reason == null ? "" : reason;
            if (reason != null) {
                System.err.println(reason);
            }
        }
        if (!noDocker.isEmpty()) {
            throw new TestAbortedException(noDocker);
        }
    }

    private static String dockerMissing() {
        String home = System.getProperty("user.home");
        boolean hinted = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
        if (hinted && DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        return "srekg.test.stack=containers: no Docker engine here (no DOCKER_HOST, no docker.sock answering), so the "
                + "container-backed integration tests are skipped; the embedded run covers the same tests.";
    }

    static ContainerStack start() {
        GenericContainer<?> neo4j = new GenericContainer<>(
                        DockerImageName.parse(System.getProperty("srekg.test.neo4j-image", "neo4j:5.26-community")))
                .withEnv("NEO4J_AUTH", "none")
                .withEnv("NEO4J_server_memory_pagecache_size", "512m")
                .withEnv("NEO4J_db_memory_transaction_max", "512m")
                .withExposedPorts(BOLT)
                .waitingFor(Wait.forLogMessage(".*Started\\..*", 1).withStartupTimeout(Duration.ofMinutes(3)));
        KafkaContainer kafka = new KafkaContainer(
                DockerImageName.parse(System.getProperty("srekg.test.kafka-image", "apache/kafka:4.1.2")));
        neo4j.start();
        kafka.start();
        return new ContainerStack(neo4j, kafka);
    }

    String boltUri() {
        return "bolt://" + neo4j.getHost() + ":" + neo4j.getMappedPort(BOLT);
    }

    String kafkaBootstrap() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void close() {
        kafka.stop();
        neo4j.stop();
    }
}
