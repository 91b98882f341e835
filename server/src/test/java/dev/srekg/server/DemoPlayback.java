package dev.srekg.server;

import dev.srekg.demo.DemoWorld;
import dev.srekg.demo.Estate;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.test.RealStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Minutes of the demo shop, sent to the real broker at once in event time: known data for tests that go through the
 * whole path. One incident, 60 s in (the bad deploy at 85 s, the alert at 130 s).
 *
 * @param start event time of the first record
 * @param truth the first injected incident's ground truth
 * @param truths the ground truth of every injected incident, in order
 * @param records everything the world wrote, in order
 */
record DemoPlayback(Instant start, JsonNode truth, List<JsonNode> truths, List<DemoWorld.Emitted> records) {

    private static final Map<DemoWorld.Stream, String> TOPICS = Map.of(
            DemoWorld.Stream.SPANS, "otlp_spans",
            DemoWorld.Stream.DEPLOYS, "sre.deploys",
            DemoWorld.Stream.SCALING, "sre.scaling",
            DemoWorld.Stream.TICKETS, "sre.tickets",
            DemoWorld.Stream.ALERTS, "sre.alerts",
            DemoWorld.Stream.CATALOG, "sre.catalog",
            DemoWorld.Stream.CHANGES, "sre.changes");

    static DemoPlayback play(RealStack stack, Instant start, int seconds, long seed) {
        return play(stack, start, seconds, seed, Duration.ZERO);
    }

    /** As {@link #play(RealStack, Instant, int, long)}, with an incident every {@code incidentEvery} after the first. */
    static DemoPlayback play(RealStack stack, Instant start, int seconds, long seed, Duration incidentEvery) {
        DemoWorld.Settings settings = new DemoWorld.Settings(
                8,
                Duration.ofSeconds(60),
                incidentEvery,
                Duration.ofMinutes(3),
                Duration.ofMinutes(2),
                Duration.ofMinutes(7));
        DemoWorld world = new DemoWorld(Estate.shop(), settings, seed, start);
        // Staging's copy of the shop writes to the same topics, as in ./srekg (issue 15).
        DemoWorld staging = DemoWorld.staging(Estate.shop(), settings, seed, start);
        List<DemoWorld.Emitted> all = new ArrayList<>();
        for (int second = 1; second <= seconds; second++) {
            all.addAll(world.advance(start.plusSeconds(second)));
            all.addAll(staging.advance(start.plusSeconds(second)));
        }
        List<JsonNode> truths = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.kafkaBootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (DemoWorld.Emitted e : all) {
                if (e.stream() == DemoWorld.Stream.TRUTH) {
                    truths.add(json.readTree(e.value()));
                } else {
                    producer.send(new ProducerRecord<>(TOPICS.get(e.stream()), e.value()));
                }
            }
        }
        if (truths.isEmpty()) {
            throw new IllegalStateException("the demo world injected no incident in " + seconds + " s");
        }
        return new DemoPlayback(start, truths.get(0), List.copyOf(truths), List.copyOf(all));
    }

    String victim() {
        return truth.path("service").asString();
    }

    String breachAt() {
        return truth.path("breachAt").asString();
    }

    String causeId() {
        return truth.path("cause").path("id").asString();
    }

    String causeService() {
        return truth.path("cause").path("service").asString();
    }

    /** Requests the service of {@code environment} handled: its SERVER and CONSUMER spans. */
    long handled(String service, String environment) {
        return records.stream()
                .filter(e -> e.stream() == DemoWorld.Stream.SPANS)
                .flatMap(e -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, e.value()).stream())
                .filter(s -> s.service().equals(service)
                        && s.environment().equals(environment)
                        && (s.kind() == SpanData.SERVER || s.kind() == SpanData.CONSUMER))
                .count();
    }

    /**
     * Waits until the trace worker has written every call the playback sent, so that no window of it is still being
     * flushed when the next test cleans the graph (ReplayIT once saw a DemoWorldIT's last minutes land in its graph).
     */
    void awaitAllTrafficWritten(RealStack stack) {
        Map<String, Long> handled = records.stream()
                .filter(e -> e.stream() == DemoWorld.Stream.SPANS)
                .flatMap(e -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, e.value()).stream())
                .filter(s -> s.kind() == SpanData.SERVER || s.kind() == SpanData.CONSUMER)
                .collect(java.util.stream.Collectors.groupingBy(
                        SpanData::service, java.util.stream.Collectors.counting()));
        handled.forEach((service, calls) -> ServerIT.awaitCount(
                stack,
                "MATCH (h:ServiceHour {service: '" + service + "'}) WHERE h.hour >= datetime('"
                        + start.truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                        + "') RETURN coalesce(sum(h.callsTotal), 0)",
                calls));
    }
}
