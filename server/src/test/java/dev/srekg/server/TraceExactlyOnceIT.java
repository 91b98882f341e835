package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.CONSUMER;
import static dev.srekg.demo.Otlp.PRODUCER;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OTLP/JSON spans through ingest-only workers that are stopped between flushes: the windows count every call exactly
 * once, and replaying the topic into an empty graph gives the same windows and edges. Issue 4.
 */
@ExtendWith(RealStackExtension.class)
class TraceExactlyOnceIT {

    private static final int TRACES_PER_BATCH = 60;
    /** Incidents are derived from breaches by the API, asynchronously: not part of what replay must reproduce. */
    private static final Set<String> DERIVED = Set.of("Incident");

    private static final Set<String> RECORD_TIME = Set.of("recordedAt");

    @Test
    void stoppedWorkerResumesFromItsCheckpointWithoutLosingOrDoublingCalls(RealStack stack) throws Exception {
        String topic = "spans-json-" + System.nanoTime();
        Instant hour = Instant.parse("2026-11-02T08:00:00Z");
        try (var admin = stack.admin()) {
            TopicProvisioning.ensure(admin, List.of(topic), 3, (short) 1);
        }

        send(stack, topic, workload(hour, 0));
        try (var first = ingest(stack, topic, "a")) {
            awaitCount(stack, "MATCH (c:TraceCheckpoint) RETURN count(c)", 1);
        }
        send(stack, topic, workload(hour.plusSeconds(300), TRACES_PER_BATCH));
        try (var resumed = ingest(stack, topic, "a")) {
            awaitTotals(stack, 2 * TRACES_PER_BATCH);
        }
        assertThat(totals(stack, "checkout", "payment")).containsExactly(120L, 0L);
        assertThat(totals(stack, "checkout", "accounting")).containsExactly(120L, 0L);
        assertThat(totals(stack, "frontend", "checkout")).containsExactly(120L, 18L);
        assertThat(Graphs.count(stack.driver(), "MATCH (h:ServiceHour {service: 'checkout'}) RETURN sum(h.callsTotal)"))
                .isEqualTo(120);
        List<String> original = Graphs.snapshot(stack.driver(), RECORD_TIME, DERIVED);

        Graphs.deleteAllData(stack.driver());
        try (var replay = ingest(stack, topic, "replay")) {
            awaitTotals(stack, 2 * TRACES_PER_BATCH);
        }
        assertThat(withoutCheckpoints(Graphs.snapshot(stack.driver(), RECORD_TIME, DERIVED)))
                .isEqualTo(withoutCheckpoints(original));
    }

    /** Traces a second apart: frontend calls checkout, which calls payment and publishes to accounting. */
    private static List<byte[]> workload(Instant start, int first) {
        List<byte[]> records = new ArrayList<>();
        List<Otlp.S> frontend = new ArrayList<>();
        List<Otlp.S> backend = new ArrayList<>();
        for (int i = first; i < first + TRACES_PER_BATCH; i++) {
            Instant t = start.plusSeconds(4L * (i - first));
            String tr = trace(10_000 + i);
            frontend.add(span("frontend", tr, Otlp.span(1), "", SERVER, t, 90));
            frontend.add(span("frontend", tr, Otlp.span(2), Otlp.span(1), CLIENT, t.plusMillis(2), 80));
            Otlp.S checkout = span("checkout", tr, Otlp.span(3), Otlp.span(2), SERVER, t.plusMillis(3), 75);
            backend.add(i % 7 == 0 ? checkout.failed() : checkout);
            backend.add(span("checkout", tr, Otlp.span(4), Otlp.span(3), CLIENT, t.plusMillis(5), 20));
            backend.add(span("payment", tr, Otlp.span(5), Otlp.span(4), SERVER, t.plusMillis(6), 18));
            backend.add(span("checkout", tr, Otlp.span(6), Otlp.span(3), PRODUCER, t.plusMillis(30), 1));
            backend.add(span("accounting", tr, Otlp.span(7), Otlp.span(6), CONSUMER, t.plusMillis(400), 9));
            if (frontend.size() >= 20) {
                // The halves of a trace travel in different records, backend first for some.
                records.add(Otlp.json(backend));
                records.add(Otlp.json(frontend));
                frontend.clear();
                backend.clear();
            }
        }
        records.add(Otlp.json(frontend));
        records.add(Otlp.json(backend));
        return records;
    }

    private static void send(RealStack stack, String topic, List<byte[]> records) {
        for (byte[] r : records) {
            // No key: records spread over the partitions, as the exporter's default does.
            KafkaRecords.send(stack, topic, null, r, Map.of());
        }
    }

    private static void awaitTotals(RealStack stack, long calls) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(totals(stack, "checkout", "payment").get(0)).isEqualTo(calls));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(totals(stack, "frontend", "checkout").get(0)).isEqualTo(calls));
    }

    private static void awaitCount(RealStack stack, String query, long expected) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(Graphs.count(stack.driver(), query)).isGreaterThanOrEqualTo(expected));
    }

    private static List<Long> totals(RealStack stack, String from, String to) {
        return IngestOnly.edgeTotals(stack, from, to);
    }

    private static List<String> withoutCheckpoints(List<String> snapshot) {
        return snapshot.stream()
                .filter(l -> !l.startsWith("node [TraceCheckpoint]"))
                .toList();
    }

    private static ConfigurableApplicationContext ingest(RealStack stack, String topic, String group) {
        return IngestOnly.start(
                stack,
                topic,
                group,
                "--srekg.ingest.traces.encoding=otlp_json",
                "--srekg.ingest.traces.lateness=60s",
                "--srekg.ingest.traces.pairing-wait=20s",
                "--srekg.ingest.traces.idle-flush=1s");
    }
}
