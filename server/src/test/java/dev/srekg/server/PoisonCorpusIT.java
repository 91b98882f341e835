package dev.srekg.server;

import static dev.srekg.demo.Otlp.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.NativeFormats;
import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.StreamStats;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.EventTime;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A poison corpus through every stream: truncated, wrong type, 10 MB, invalid UTF-8, deeply nested JSON and binary
 * (protobuf) garbage, each between two good records on one partition. Each poison record lands in the stream's
 * dead-letter topic with its reason and source coordinates (the 10 MB one cut to fit, saying so), the workers keep
 * going, and every good record lands. The source topics take records up to 16 MB, as a producer-side topic may; the
 * dead-letter topics keep the broker's 1 MB default. Issue 9.
 */
@ExtendWith(RealStackExtension.class)
class PoisonCorpusIT {

    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final String KIND = "corpus.kind";

    /** The poison kinds, each made from a good record of the stream. */
    private static final Map<String, BiFunction<byte[], Random, byte[]>> POISON = poison();

    @Test
    void everyPoisonRecordIsDeadLetteredWithItsReasonAndEveryGoodRecordAroundItLands(RealStack stack) throws Exception {
        String prefix = "corpus" + System.nanoTime();
        try (Admin admin = stack.admin()) {
            admin.createTopics(IngestOnly.topics(prefix).stream()
                            .map(t -> new NewTopic(t, 1, (short) 1)
                                    .configs(Map.of("max.message.bytes", String.valueOf(16 * 1024 * 1024))))
                            .toList())
                    .all()
                    .get();
            TopicProvisioning.awaitWritable(admin, Set.copyOf(IngestOnly.topics(prefix)));
        }
        Instant at = EventTime.nextHour().plusSeconds(30);
        Map<String, List<byte[]>> goods = new LinkedHashMap<>();
        for (String stream : List.of("deploys", "scaling", "tickets", "alerts", "changes", "catalog", "spans")) {
            List<byte[]> list = new ArrayList<>();
            for (int i = 0; i <= POISON.size(); i++) {
                list.add(good(stream, prefix + "-" + stream + "-" + i, at.plusSeconds(i)));
            }
            goods.put(stream, list);
        }
        Random random = new Random(9);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.kafkaBootstrap(), "max.request.size", 16 * 1024 * 1024 + 1024),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            goods.forEach((stream, list) -> {
                String topic = topic(prefix, stream);
                int i = 0;
                producer.send(new ProducerRecord<>(topic, list.get(i++)));
                for (var poison : POISON.entrySet()) {
                    ProducerRecord<byte[], byte[]> record =
                            new ProducerRecord<>(topic, poison.getValue().apply(list.get(0), random));
                    record.headers().add(KIND, poison.getKey().getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                    producer.send(new ProducerRecord<>(topic, list.get(i++)));
                }
            });
            producer.flush();
        }

        try (ConfigurableApplicationContext ingest =
                IngestOnly.start(stack, prefix, "corpus", "--srekg.ingest.traces.idle-flush=1s")) {
            for (String stream : goods.keySet()) {
                String dlq = topic(prefix, stream) + ".dlq";
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> KafkaRecords.readAll(stack, dlq).size() >= POISON.size());
                List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.readAll(stack, dlq);
                assertThat(dead)
                        .as("%s: one dead letter per poison record", stream)
                        .extracting(r -> KafkaRecords.header(r, KIND))
                        .containsExactlyInAnyOrderElementsOf(POISON.keySet());
                for (ConsumerRecord<byte[], byte[]> r : dead) {
                    assertThat(KafkaRecords.header(r, "srekg.dlq.reason"))
                            .as("%s %s: reason", stream, KafkaRecords.header(r, KIND))
                            .isNotBlank();
                    assertThat(KafkaRecords.header(r, "srekg.dlq.source.topic")).isEqualTo(topic(prefix, stream));
                    assertThat(KafkaRecords.header(r, "srekg.dlq.source.offset"))
                            .isNotBlank();
                }
                ConsumerRecord<byte[], byte[]> huge = dead.stream()
                        .filter(r -> KafkaRecords.header(r, KIND).equals("10 MB"))
                        .findFirst()
                        .orElseThrow();
                assertThat(KafkaRecords.header(huge, "srekg.dlq.reason")).contains("max-record-size");
                assertThat(KafkaRecords.header(huge, "srekg.dlq.truncated.from"))
                        .isEqualTo(String.valueOf(TEN_MB + 16));
                assertThat(huge.value()).hasSize(512 * 1024);

                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(Graphs.count(
                                        stack.driver(),
                                        "MATCH (s:Service) WHERE s.name STARTS WITH '" + prefix + "-" + stream
                                                + "-' RETURN count(s)"))
                                .as("%s: services named by the good records", stream)
                                .isEqualTo(goods.get(stream).size()));
            }
            List<StreamStats> stats = ingest.getBean(IngestWorkers.class).stats();
            assertThat(stats).as("every worker still running").allMatch(StreamStats::running);
            assertThat(stats).allMatch(s -> s.deadLettered() == POISON.size());
        }
    }

    private static String topic(String prefix, String stream) {
        return stream.equals("spans") ? prefix : prefix + "." + stream;
    }

    /** A good record of the stream naming the service. */
    private static byte[] good(String stream, String service, Instant at) {
        return switch (stream) {
            case "deploys" -> NativeFormats.cdevent(service + "-deploy", "prod", service, "1.0.0", false, at);
            case "scaling" -> NativeFormats.hpaRescale(service + "-hpa", "shop", service, 3, "cpu above target", at);
            case "tickets" -> NativeFormats.jiraIssue("OPS-" + Math.abs(service.hashCode()), "slow", service, at, null);
            case "alerts" -> NativeFormats.slothAlert(service + "-fp", service, "team-a", "availability", at, null);
            // issue 16: a LaunchDarkly flag change, its flag tagged with the service.
            case "changes" -> NativeFormats.launchDarklyFlag(service + "-ld", service, service + "-flag", true, at);
            // issue 18: a Backstage component describing the service.
            case "catalog" ->
                utf8("{\"apiVersion\": \"backstage.io/v1alpha1\", \"kind\": \"Component\", \"metadata\": {\"name\": \""
                        + service + "\"}, \"spec\": {\"owner\": \"team-a\", \"lifecycle\": \"production\"}}");
            case "spans" ->
                Otlp.proto(List.of(
                        Otlp.span(service, Otlp.trace(Math.abs(service.hashCode())), Otlp.span(1), "", SERVER, at, 5)));
            default -> throw new IllegalArgumentException(stream);
        };
    }

    private static Map<String, BiFunction<byte[], Random, byte[]>> poison() {
        Map<String, BiFunction<byte[], Random, byte[]>> poison = new LinkedHashMap<>();
        poison.put("truncated", (good, random) -> Arrays.copyOf(good, good.length / 2));
        // JSON of the wrong type for the JSON streams; for OTLP protobuf, field 1 (resource spans) as a number.
        poison.put(
                "wrong type",
                (good, random) ->
                        good[0] == '{' ? utf8("[\"an array, not an event\"]") : new byte[] {0x08, (byte) 0x96, 0x01});
        poison.put("10 MB", (good, random) -> {
            byte[] big = new byte[TEN_MB + 16];
            Arrays.fill(big, (byte) 'x');
            byte[] head = utf8("{\"pad\": \"");
            System.arraycopy(head, 0, big, 0, head.length);
            big[big.length - 2] = '"';
            big[big.length - 1] = '}';
            return big;
        });
        poison.put("invalid UTF-8", (good, random) -> {
            // The good record with its service name's bytes replaced by invalid UTF-8 of the same length.
            byte[] bad = good.clone();
            int at = indexOf(bad, utf8("corpus"));
            for (int i = 0; i < 6; i += 2) {
                bad[at + i] = (byte) 0xC3;
                bad[at + i + 1] = (byte) 0x28;
            }
            return bad;
        });
        poison.put("deeply nested", (good, random) -> utf8("[".repeat(100_000) + "]".repeat(100_000)));
        poison.put("binary garbage", (good, random) -> {
            byte[] garbage = new byte[4096];
            random.nextBytes(garbage);
            garbage[0] = 0x0A; // starts like a length-delimited protobuf field
            return garbage;
        });
        return poison;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
