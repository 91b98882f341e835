package dev.srekg.ingest.kafka;

/**
 * What one stream has done since start.
 *
 * @param topic the stream's topic
 * @param running whether its consumer thread is running
 * @param written events written to the graph
 * @param skipped well-formed records of kinds srekg does not use
 * @param deadLettered records sent to the dead-letter topic
 * @param writeRetries Neo4j writes retried after a retryable failure
 * @param lag records on the stream's partitions not yet read by this process, as of its last poll
 */
public record StreamStats(
        String topic, boolean running, long written, long skipped, long deadLettered, long writeRetries, long lag) {}
