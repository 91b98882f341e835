package dev.srekg.ingest.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Consumer lag from the consumer's own fetch positions, without a call to the broker. */
final class Lag {

    private Lag() {}

    /** Records on the assigned partitions not read yet; partitions whose lag is not known yet count as 0. */
    static long of(Consumer<?, ?> consumer) {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }
}
