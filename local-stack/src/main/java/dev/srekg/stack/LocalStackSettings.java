package dev.srekg.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the local stack starts and where it keeps its data.
 *
 * @param dataDir directory holding {@code neo4j/} and {@code kafka/}; kept across restarts
 * @param wipe delete the data directory before starting
 * @param startNeo4j start the embedded Neo4j (false when a Neo4j URI is configured)
 * @param boltPort Bolt port on 127.0.0.1 (0 picks a free port)
 * @param startKafka start the embedded KRaft broker (false when a bootstrap address is configured)
 * @param kafkaPort broker listener port on 127.0.0.1 (0 picks a free port)
 * @param controllerPort KRaft controller listener port on 127.0.0.1 (0 picks a free port)
 */
public record LocalStackSettings(
        Path dataDir,
        boolean wipe,
        boolean startNeo4j,
        int boltPort,
        boolean startKafka,
        int kafkaPort,
        int controllerPort) {

    public LocalStackSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("boltPort", boltPort);
        checkPort("kafkaPort", kafkaPort);
        checkPort("controllerPort", controllerPort);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 0..65535, was " + port);
        }
    }
}
