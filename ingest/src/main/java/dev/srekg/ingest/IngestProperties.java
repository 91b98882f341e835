package dev.srekg.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest settings ({@code srekg.ingest.*}).
 *
 * @param groupId consumer group shared by every ingest worker; scale out by running more workers with it
 * @param topics topic of each stream
 * @param deadLetterSuffix a record that cannot be parsed goes to its topic name plus this suffix
 * @param createTopics create missing topics (and dead-letter topics) at start
 * @param partitions partitions of topics created at start
 * @param replicationFactor replication factor of topics created at start
 * @param pollTimeout longest wait of one poll
 * @param maxPollRecords most records in one poll, hence in one Neo4j transaction
 */
@ConfigurationProperties("srekg.ingest")
public record IngestProperties(
        @DefaultValue("srekg-ingest") String groupId,
        @DefaultValue Topics topics,
        @DefaultValue(".dlq") String deadLetterSuffix,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("2000") int maxPollRecords) {

    public IngestProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("srekg.ingest.partitions must be at least 1");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("srekg.ingest.max-poll-records must be at least 1");
        }
    }

    /**
     * Topic names of the streams.
     *
     * @param deploys CDEvents (CloudEvents binary or structured mode, or bare)
     */
    public record Topics(@DefaultValue("sre.deploys") String deploys) {}
}
