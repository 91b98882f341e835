package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.DemoWorld;
import dev.srekg.demo.Estate;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.test.EventTime;
import dev.srekg.test.RealStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo world through the production path: its native records on the real broker, srekg's workers, Neo4j, and the
 * incident it injects ranked by the API with the true cause first. Issue 7.
 */
class DemoWorldIT extends ServerIT {

    private static final Map<DemoWorld.Stream, String> TOPICS = Map.of(
            DemoWorld.Stream.SPANS, "otlp_spans",
            DemoWorld.Stream.DEPLOYS, "sre.deploys",
            DemoWorld.Stream.SCALING, "sre.scaling",
            DemoWorld.Stream.TICKETS, "sre.tickets",
            DemoWorld.Stream.ALERTS, "sre.alerts");

    @Test
    void injectedIncidentIsRecordedWithItsTrueCauseRankedFirst(RealStack stack) {
        Instant start = EventTime.nextHour();
        DemoWorld world = new DemoWorld(
                Estate.shop(),
                new DemoWorld.Settings(
                        8,
                        Duration.ofSeconds(60),
                        Duration.ZERO,
                        Duration.ofMinutes(3),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(7)),
                11,
                start);
        JsonNode truth = null;
        long[] victimServerSpans = new long[1];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.kafkaBootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Four minutes of the shop; the alert fires 130 s in.
            List<DemoWorld.Emitted> all = new java.util.ArrayList<>();
            for (int second = 1; second <= 240; second++) {
                all.addAll(world.advance(start.plusSeconds(second)));
            }
            for (DemoWorld.Emitted e : all) {
                if (e.stream() == DemoWorld.Stream.TRUTH) {
                    truth = JSON.readTree(e.value());
                }
            }
            assertThat(truth).as("the world injected an incident").isNotNull();
            String victim = truth.path("service").asString();
            for (DemoWorld.Emitted e : all) {
                if (e.stream() == DemoWorld.Stream.SPANS) {
                    victimServerSpans[0] += OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, e.value()).stream()
                            .filter(s -> s.service().equals(victim)
                                    && (s.kind() == SpanData.SERVER || s.kind() == SpanData.CONSUMER))
                            .count();
                }
                if (e.stream() != DemoWorld.Stream.TRUTH) {
                    producer.send(new ProducerRecord<>(TOPICS.get(e.stream()), e.value()));
                }
            }
        }
        String victim = truth.path("service").asString();
        String breachAt = truth.path("breachAt").asString();
        String causeId = truth.path("cause").path("id").asString();
        awaitCount(
                stack,
                "MATCH (h:ServiceHour {service: '" + victim + "'}) WHERE h.hour >= datetime('" + start
                        + "') RETURN sum(h.callsTotal)",
                victimServerSpans[0]);
        awaitCount(stack, "MATCH (d:Deployment {key: '" + causeId + "'}) RETURN count(d)", 1);
        // Resources name their service.namespace; the graph keeps it for grouping.
        assertThat(dev.srekg.test.Graphs.count(
                        stack.driver(),
                        "MATCH (s:Service {namespace: 'checkout'}) "
                                + "WHERE s.name IN ['cart', 'checkout', 'payment', 'currency'] RETURN count(s)"))
                .isEqualTo(4);

        JsonNode context = json(get("/api/v1/services/" + victim + "/context?at="
                + truth.path("breachAt").asString()));
        JsonNode first = context.path("suspects").get(0);
        assertThat(first.path("id").asString())
                .as(context.path("suspects").toString())
                .isEqualTo(causeId);
        assertThat(first.path("kind").asString()).isEqualTo("deploy");
        assertThat(first.path("service").asString())
                .isEqualTo(truth.path("cause").path("service").asString());
        assertThat(first.path("hops").asInt()).isEqualTo(truth.path("hops").asInt());
        assertThat(first.path("direction").asString()).isEqualTo("downstream");

        JsonNode incident = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents?limit=1000"))
                                .valueStream()
                                .filter(i -> i.path("service").asString().equals(victim)
                                        && i.path("openedAt").asString().equals(breachAt))
                                .findFirst()
                                .orElse(null),
                        i -> i != null);
        assertThat(incident.path("status").asString()).isEqualTo("open");
    }
}
