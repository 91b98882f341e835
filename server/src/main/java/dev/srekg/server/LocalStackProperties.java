package dev.srekg.server;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local stack ({@code srekg.local.*}), started for whichever of Kafka and Neo4j has no configured address.
 *
 * @param dataDir where the broker's log and the database live; kept across restarts
 * @param wipe delete the data directory before starting
 * @param boltPort Bolt port of the local Neo4j on 127.0.0.1
 * @param kafkaPort listener port of the local broker on 127.0.0.1
 * @param controllerPort KRaft controller port of the local broker on 127.0.0.1
 */
@ConfigurationProperties("srekg.local")
public record LocalStackProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean wipe,
        @DefaultValue("7687") int boltPort,
        @DefaultValue("9092") int kafkaPort,
        @DefaultValue("9093") int controllerPort) {}
