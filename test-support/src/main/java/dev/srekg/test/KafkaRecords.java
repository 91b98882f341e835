package dev.srekg.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produce and read records on the real broker. */
public final class KafkaRecords {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaRecords() {}

    /** Sends one record and waits for the broker to acknowledge it. */
    public static void send(RealStack stack, String topic, String key, byte[] value, Map<String, String> headers) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    /** Reads the topic from the beginning until a record matches, or fails after 30 s. */
    public static ConsumerRecord<byte[], byte[]> awaitRecord(
            RealStack stack, String topic, Predicate<ConsumerRecord<byte[], byte[]>> match) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "srekg-test-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (match.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + WAIT);
    }

    /** The last value of a header as UTF-8, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** All records of a topic, from the beginning to its end at the time of the call. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(RealStack stack, String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + WAIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /**
     * Waits until the consumer group's member count satisfies {@code members} (a group that does not exist yet has
     * none), or fails after the timeout.
     */
    public static void awaitMembers(Admin admin, String groupId, IntPredicate members, Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            int count = 0;
            while (System.nanoTime() < deadline) {
                try {
                    var group = admin.describeConsumerGroups(List.of(groupId))
                            .all()
                            .get()
                            .get(groupId);
                    count = group == null ? 0 : group.members().size();
                } catch (ExecutionException notYet) {
                    count = 0;
                }
                if (members.test(count)) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError(
                    "group " + groupId + " still had " + count + " members after " + timeout + " of waiting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until each topic's consumer group, {@code groupOf.apply(topic)}, has committed every record of it, or fails
     * after 60 s.
     */
    public static void awaitConsumed(RealStack stack, UnaryOperator<String> groupOf, List<String> topics) {
        try (Admin admin = stack.admin()) {
            awaitConsumed(admin, groupOf, topics, Duration.ofSeconds(60));
        }
    }

    /**
     * Waits until each topic's consumer group, {@code groupOf.apply(topic)}, has committed every record of it, or fails
     * after the timeout.
     */
    public static void awaitConsumed(
            Admin admin, UnaryOperator<String> groupOf, List<String> topics, Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                for (String group : topics.stream().map(groupOf).distinct().toList()) {
                    committed.putAll(admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get());
                }
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                for (String topic : topics) {
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
                var latest = admin.listOffsets(request).all().get();
                boolean done = request.keySet().stream().allMatch(tp -> {
                    long end = latest.get(tp).offset();
                    OffsetAndMetadata c = committed.get(tp);
                    return end == 0 || (c != null && c.offset() >= end);
                });
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the groups of " + topics + " did not consume them within " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
