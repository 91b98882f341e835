package dev.srekg.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.stack.LocalStack;
import dev.srekg.stack.LocalStackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

class LocalStackIT {

    @TempDir
    Path dataDir;

    @Test
    void boltAnswersAndBrokerRoundTripsARecord() throws Exception {
        try (LocalStack stack = LocalStack.start(settings(false))) {
            try (Driver driver = driver(stack);
                    Session session = driver.session()) {
                assertThat(session.run("RETURN 1 AS one").single().get("one").asInt())
                        .isEqualTo(1);
            }
            createTopic(stack, "roundtrip");
            produce(stack, "roundtrip", "k", "hello");
            assertThat(consumeAll(stack, "roundtrip")).containsExactly("hello");
        }
    }

    @Test
    void restartKeepsTopicsRecordsAndGraph() throws Exception {
        try (LocalStack stack = LocalStack.start(settings(false))) {
            try (Driver driver = driver(stack);
                    Session session = driver.session()) {
                session.run("CREATE (:Marker {name: 'kept'})").consume();
            }
            createTopic(stack, "kept");
            produce(stack, "kept", "k", "v1");
        }
        try (LocalStack stack = LocalStack.start(settings(false))) {
            try (Driver driver = driver(stack);
                    Session session = driver.session()) {
                assertThat(session.run("MATCH (m:Marker) RETURN m.name AS name")
                                .single()
                                .get("name")
                                .asString())
                        .isEqualTo("kept");
            }
            assertThat(listTopics(stack)).contains("kept");
            assertThat(consumeAll(stack, "kept")).containsExactly("v1");
        }
    }

    @Test
    void wipeStartsFromAnEmptyDataDirectory() throws Exception {
        try (LocalStack stack = LocalStack.start(settings(false))) {
            try (Driver driver = driver(stack);
                    Session session = driver.session()) {
                session.run("CREATE (:Marker)").consume();
            }
            createTopic(stack, "gone");
        }
        try (LocalStack stack = LocalStack.start(settings(true))) {
            try (Driver driver = driver(stack);
                    Session session = driver.session()) {
                assertThat(session.run("MATCH (m:Marker) RETURN count(m) AS c")
                                .single()
                                .get("c")
                                .asLong())
                        .isZero();
            }
            assertThat(listTopics(stack)).doesNotContain("gone");
        }
    }

    private LocalStackSettings settings(boolean wipe) {
        return new LocalStackSettings(dataDir, wipe, true, 0, true, 0, 0);
    }

    private static Driver driver(LocalStack stack) {
        return GraphDatabase.driver(stack.boltUri().orElseThrow(), AuthTokens.none());
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap().orElseThrow()));
    }

    private static void createTopic(LocalStack stack, String topic) throws Exception {
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static Set<String> listTopics(LocalStack stack) throws Exception {
        try (Admin admin = admin(stack)) {
            return admin.listTopics().names().get();
        }
    }

    private static void produce(LocalStack stack, String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap().orElseThrow());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consumeAll(LocalStack stack, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap().orElseThrow());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                List<String> values = new ArrayList<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                if (!values.isEmpty()) {
                    return values;
                }
            }
            return List.of();
        }
    }
}
