package dev.srekg.ingest.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one kind of stream does with its records, plugged into a {@link ConsumerPipeline}: it decodes each record and
 * handles each poll; the pipeline polls, dead-letters poison, applies the error policy to writes, commits and rewinds.
 *
 * @param <T> what a record decodes to
 */
interface RecordHandler<T> {

    /** What one record decodes to. */
    sealed interface Decoded<T> permits Accepted, Poison, Skipped {}

    /** A record to handle, and what it decoded to. */
    record Accepted<T>(ConsumerRecord<byte[], byte[]> record, T value) implements Decoded<T> {}

    /** A record that will never decode: it goes to the dead-letter topic with the reason. */
    record Poison<T>(String reason) implements Decoded<T> {}

    /** A well-formed record of a kind srekg does not use. */
    record Skipped<T>() implements Decoded<T> {}

    /** Decodes one record; a failure to decode is {@link Poison}, never an exception. */
    Decoded<T> decode(ConsumerRecord<byte[], byte[]> record);

    /**
     * Handles one poll: the records it accepted, in order (none for a poll that brought nothing, or only poison),
     * writing through {@code batch}.
     *
     * @return the offsets to commit once the write and the dead letters are done; empty when nothing is to be committed
     */
    Map<TopicPartition, OffsetAndMetadata> handle(List<Accepted<T>> accepted, ConsumerPipeline<T>.Batch batch)
            throws InterruptedException;

    /**
     * Seeks back after a poll that failed, so that nothing not yet written is passed over; may wait for the broker or
     * the database.
     */
    void rewind(ConsumerPipeline<T> pipeline) throws InterruptedException;

    /** Told of assignments and revocations (database reads go through {@link ConsumerPipeline#retrying}); by default nothing to do. */
    default ConsumerRebalanceListener rebalanceListener(ConsumerPipeline<T> pipeline) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        };
    }

    /** What the stream's stats report as written, given the events the pipeline counted as written. */
    default long written(long counted) {
        return counted;
    }
}
