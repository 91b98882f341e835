package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topic creation returns only when the new partitions take writes: an idempotent producer with five requests in
 * flight, started right after, gets every record acknowledged and written once (KAFKA-15591 made it lose the first
 * request to a partition the broker had not applied yet).
 */
@ExtendWith(RealStackExtension.class)
class TopicProvisioningIT {

    @Test
    void createdTopicsTakeEveryRecordOfAnIdempotentProducerStartedRightAfter(RealStack stack) throws Exception {
        String prefix = "provisioned" + System.nanoTime();
        List<String> topics = List.of(prefix + ".a", prefix + ".b", prefix + ".c");
        int perPartition = 200;
        try (Admin admin = stack.admin()) {
            TopicProvisioning.ensure(admin, topics, 3, (short) 1);

            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            "bootstrap.servers", stack.kafkaBootstrap(),
                            "enable.idempotence", "true",
                            "acks", "all",
                            "max.in.flight.requests.per.connection", "5",
                            "batch.size", "64",
                            "delivery.timeout.ms", "30000",
                            "request.timeout.ms", "10000"),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < perPartition; i++) {
                    for (String topic : topics) {
                        for (int p = 0; p < 3; p++) {
                            acks.add(producer.send(new ProducerRecord<>(topic, p, null, ("r" + i).getBytes())));
                        }
                    }
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(60, TimeUnit.SECONDS);
                }
            }
            for (String topic : topics) {
                assertThat(KafkaRecords.readAll(stack, topic)).as(topic).hasSize(3 * perPartition);
            }
        }
    }

    @Test
    void existingTopicsAreLeftAsTheyAre(RealStack stack) throws Exception {
        String topic = "kept" + System.nanoTime();
        try (Admin admin = stack.admin()) {
            TopicProvisioning.ensure(admin, List.of(topic), 1, (short) 1);
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2)))
                    .all()
                    .get();

            TopicProvisioning.ensure(admin, List.of(topic, topic + ".dlq"), 3, (short) 1);

            var described = admin.describeTopics(List.of(topic, topic + ".dlq"))
                    .allTopicNames()
                    .get();
            assertThat(described.get(topic).partitions()).hasSize(2);
            assertThat(described.get(topic + ".dlq").partitions()).hasSize(3);
        }
    }
}
