package dev.srekg.ingest.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics srekg writes to or reads from when they are missing, and returns only once every partition of
 * them can be written.
 *
 * <p>The wait is not a nicety. A broker applies a new topic some time after the controller has accepted it, and an
 * idempotent producer that sends to a partition in that moment can lose records without an error: its first request
 * fails with {@code NOT_LEADER_OR_FOLLOWER}, a later request in flight is appended, and the first one's retries are
 * refused as out of order until the delivery timeout expires them (KAFKA-15591, fixed on the broker in Kafka 4.5).
 * A partition whose leader answers a {@code ListOffsets} request takes produce requests too.
 */
public final class TopicProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioning.class);

    /** How long the brokers get to make new partitions writable. */
    public static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private TopicProvisioning() {}

    /**
     * Creates the missing topics among {@code names} (another client creating one at the same time is fine) and waits
     * until every partition of every named topic has a leader that answers.
     *
     * @throws IllegalStateException when a topic cannot be created or its partitions are not ready in time
     */
    public static void ensure(Admin admin, Collection<String> names, int partitions, short replicationFactor) {
        Set<String> wanted = new TreeSet<>(names);
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replicationFactor))
                    .toList();
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + created.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            if (!missing.isEmpty()) {
                log.info(
                        "Created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
            awaitWritable(admin, wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + wanted, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader that answers, for topics created by other means.
     *
     * @throws IllegalStateException when they are not ready in time
     */
    public static void awaitWritable(Admin admin, Set<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            Throwable last;
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (TopicDescription d :
                        admin.describeTopics(topics).allTopicNames().get().values()) {
                    d.partitions()
                            .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
                }
                // Sent to each partition's leader, which refuses it as long as it does not lead the partition yet.
                admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(5_000))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException(
                            "topics " + topics + " are not writable: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                last = e.getCause();
            } catch (TimeoutException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "partitions of " + topics + " have no writable leader after " + READY_WITHIN, last);
            }
            Thread.sleep(100);
        }
    }
}
