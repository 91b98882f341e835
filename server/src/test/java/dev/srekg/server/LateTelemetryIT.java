package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.Graphs;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Late and out-of-order spans, exactly once: a collector's four-hour backlog of other services produced to the same
 * topic while a live stream runs lands as if the spans had been produced in order, also when the worker is killed
 * with SIGKILL while it writes the backlog's corrections; a late half waits for a partner sent after the worker has
 * read everything, and gives up once the late stream is quiet though the live stream goes on; and one topic carries
 * OTLP protobuf and OTLP/JSON records.
 * Issue 21.
 */
@ExtendWith(RealStackExtension.class)
class LateTelemetryIT {

    private static final Instant LIVE = Instant.parse("2026-11-03T12:00:00Z");
    private static final Instant BACKLOG = LIVE.minus(Duration.ofHours(4));
    private static final int LIVE_TRACES = 400;
    private static final int BACKLOG_TRACES = 1200;

    @Test
    void backlogProducedBesideALiveStreamLandsAsIfProducedInOrder(RealStack stack) throws Exception {
        String mixed = topic(stack, "late-mixed");
        List<byte[]> live = live();
        List<byte[]> backlog = backlog();
        long corrected;
        try (var ingest = ingest(stack, mixed, "mixed");
                var producer = IngestOnly.producer(stack)) {
            // The live stream runs; after a tenth of it the collector delivers its backlog, a chunk per live record.
            int b = 0;
            for (int i = 0; i < live.size(); i++) {
                IngestOnly.send(producer, mixed, live.get(i));
                for (int k = 0; i >= live.size() / 10 && k < 8 && b < backlog.size(); k++) {
                    IngestOnly.send(producer, mixed, backlog.get(b++));
                }
                producer.flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            while (b < backlog.size()) {
                IngestOnly.send(producer, mixed, backlog.get(b++));
            }
            producer.flush();
            awaitExactTotals(stack);
            corrected = IngestOnly.traceStats(ingest).lateCorrected();
        }
        // The backlog was late indeed: before issue 21 every one of its spans was skipped or dropped.
        assertThat(corrected).isGreaterThan(BACKLOG_TRACES);
        List<String> graph = snapshot(stack);

        Graphs.deleteAllData(stack.driver());
        String inOrder = topic(stack, "late-in-order");
        try (var producer = IngestOnly.producer(stack)) {
            backlog.forEach(r -> IngestOnly.send(producer, inOrder, r));
            live.forEach(r -> IngestOnly.send(producer, inOrder, r));
        }
        try (var ingest = ingest(stack, inOrder, "in-order")) {
            awaitExactTotals(stack);
            assertThat(IngestOnly.traceStats(ingest).lateCorrected()).isZero();
        }
        assertThat(graph).isEqualTo(snapshot(stack));
    }

    @Test
    void workerKilledWhileWritingCorrectionsCountsEveryCallOnceAfterRestart(RealStack stack) throws Exception {
        String topic = topic(stack, "late-kill");
        List<byte[]> live = live();
        List<byte[]> backlog = backlog();
        // The live stream first, then the backlog behind it: all of it is read as corrections.
        try (var producer = IngestOnly.producer(stack)) {
            live.subList(0, live.size() / 2).forEach(r -> IngestOnly.send(producer, topic, r));
            backlog.forEach(r -> IngestOnly.send(producer, topic, r));
            live.subList(live.size() / 2, live.size()).forEach(r -> IngestOnly.send(producer, topic, r));
        }
        try (var reference = ingest(stack, topic, "reference")) {
            awaitExactTotals(stack);
        }
        List<String> expected = snapshot(stack);

        Graphs.deleteAllData(stack.driver());
        Random random = new Random(21);
        try (Admin admin = stack.admin()) {
            for (int kill = 0; kill < 2; kill++) {
                long before = IngestOnly.edgeTotals(stack, "batch", "ledger").get(0);
                Process worker = process(stack, topic);
                try {
                    // Soon after this worker writes corrections of the backlog (or has written them all): on an
                    // idle machine it writes them all within a second or two.
                    await().atMost(Duration.ofMinutes(2)).until(() -> {
                        long calls =
                                IngestOnly.edgeTotals(stack, "batch", "ledger").get(0);
                        return calls > before || calls >= BACKLOG_TRACES;
                    });
                    Thread.sleep(random.nextInt(400));
                } finally {
                    worker.destroyForcibly();
                    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                IngestOnly.awaitMembers(admin, topic, "faulty", n -> n == 0, Duration.ofMinutes(1));
            }
            Process worker = process(stack, topic);
            try {
                awaitExactTotals(stack);
            } finally {
                worker.destroy();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(snapshot(stack)).isEqualTo(expected);
    }

    @Test
    void lateHalvesWaitForAPartnerSentAfterTheWorkerCaughtUpAndGiveUpOnceTheLateStreamIsQuiet(RealStack stack)
            throws Exception {
        String topic = topic(stack, "late-in-flight");
        List<byte[]> backlog = backlog();
        AtomicBoolean running = new AtomicBoolean(true);
        try (var ingest = IngestOnly.start(
                        stack,
                        topic,
                        "in-flight",
                        "--srekg.ingest.max-poll-records=50",
                        "--srekg.ingest.traces.flush-interval=300ms",
                        "--srekg.ingest.traces.idle-flush=10s",
                        "--srekg.ingest.traces.pairing-wait=20s");
                var producer = IngestOnly.producer(stack)) {
            // A live stream to every partition in turn, until the end: the topic never goes quiet, no idle flush comes.
            Thread liveStream = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    List<byte[]> trace = liveTrace(i);
                    for (int k = 0; k < trace.size(); k++) {
                        producer.send(new ProducerRecord<>(topic, (2 * i + k) % 3, null, trace.get(k)));
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                }
            });
            liveStream.start();
            try {
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> IngestOnly.edgeTotals(stack, "frontend", "checkout")
                                        .get(0)
                                > 0);
                // The backlog's first callers' record, read while every partition is read to its end; its callees'
                // record is sent a second later, to another partition. Before, the callers gave up at the next flush.
                producer.send(new ProducerRecord<>(topic, 0, null, backlog.get(0)))
                        .get();
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> IngestOnly.traceStats(ingest).lateCorrected() >= 10);
                Thread.sleep(1000);
                producer.send(new ProducerRecord<>(topic, 1, null, backlog.get(1)))
                        .get();
                // Ten calls, the first failed. Ledger's calls to its database have no partner ever: they give up once
                // no late span came for the idle flush's time, though the live stream goes on.
                await().atMost(Duration.ofMinutes(1))
                        .untilAsserted(() -> assertThat(List.of(
                                        IngestOnly.edgeTotals(stack, "batch", "ledger"),
                                        IngestOnly.edgeTotals(stack, "ledger", "postgresql/ledger")))
                                .containsExactly(List.of(10L, 1L), List.of(10L, 0L)));
            } finally {
                running.set(false);
                liveStream.join();
            }
        }
    }

    @Test
    void topicCarryingProtobufAndJsonRecordsLandsBoth(RealStack stack) throws Exception {
        String topic = topic(stack, "late-encodings");
        Instant t = LIVE.plusSeconds(7);
        try (var producer = IngestOnly.producer(stack)) {
            IngestOnly.send(
                    producer,
                    topic,
                    Otlp.proto(List.of(
                            span("web", trace(1), Otlp.span(1), "", CLIENT, t, 30),
                            span("search", trace(1), Otlp.span(2), Otlp.span(1), SERVER, t.plusMillis(1), 20))));
            IngestOnly.send(
                    producer,
                    topic,
                    Otlp.json(List.of(
                            span("web", trace(2), Otlp.span(1), "", CLIENT, t.plusSeconds(1), 30),
                            span("search", trace(2), Otlp.span(2), Otlp.span(1), SERVER, t.plusSeconds(1), 20)
                                    .failed())));
        }
        // The fallback is protobuf: before issue 21 the JSON record went to the dead-letter topic.
        try (var ingest = ingest(stack, topic, "encodings")) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(IngestOnly.edgeTotals(stack, "web", "search"))
                            .containsExactly(2L, 1L));
        }
        assertThat(Graphs.count(stack.driver(), "MATCH (h:ServiceHour {service: 'search'}) RETURN sum(h.callsTotal)"))
                .isEqualTo(2);
    }

    @Test
    void drainedPartitionsDoNotHoldTheWatermarkWhileOthersAreStillRead(RealStack stack) throws Exception {
        String topic = topic(stack, "late-drained");
        // Ten minutes of traffic, all of it in one partition: the other two are read to their end at once.
        try (var producer = IngestOnly.producer(stack)) {
            for (byte[] r : live()) {
                producer.send(new ProducerRecord<>(topic, 0, null, r));
            }
        }
        // Neither the idle flush nor the partition-idle timeout comes within the test: only draining frees them.
        try (var ingest = IngestOnly.start(
                stack,
                topic,
                "drained",
                "--srekg.ingest.max-poll-records=20",
                "--srekg.ingest.traces.flush-interval=100ms",
                "--srekg.ingest.traces.idle-flush=1h",
                "--srekg.ingest.traces.partition-idle-timeout=1h")) {
            // The last record's earliest span starts at 12:06:39, so the watermark closes 12:00 to 12:05 (360 traces,
            // 52 of them failed) and nothing later. Before issue 21 the two empty partitions held the watermark, and
            // nothing was written for an hour; and until a flush came once the topic was read to its end, not only
            // with a batch, a topic read within one flush interval kept its closed minutes too (issue 21).
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(IngestOnly.edgeTotals(stack, "frontend", "checkout"))
                            .containsExactly(360L, 52L));
        }
    }

    /** Live: one trace a second, frontend calls checkout (every seventh fails), which calls payment; OTLP/JSON. */
    private static List<byte[]> live() {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < LIVE_TRACES; i++) {
            records.addAll(liveTrace(i));
        }
        return records;
    }

    /** The live stream's trace {@code i}, at second {@code i}: its halves travel in two records, backend first for some. */
    private static List<byte[]> liveTrace(int i) {
        Instant t = LIVE.plusSeconds(i);
        String tr = trace(20_000 + i);
        byte[] frontend = Otlp.json(List.of(
                span("frontend", tr, Otlp.span(1), "", SERVER, t, 90),
                span("frontend", tr, Otlp.span(2), Otlp.span(1), CLIENT, t.plusMillis(2), 80)));
        Otlp.S checkout = span("checkout", tr, Otlp.span(3), Otlp.span(2), SERVER, t.plusMillis(3), 75);
        byte[] backend = Otlp.json(List.of(
                i % 7 == 0 ? checkout.failed() : checkout,
                span("checkout", tr, Otlp.span(4), Otlp.span(3), CLIENT, t.plusMillis(5), 20),
                span("payment", tr, Otlp.span(5), Otlp.span(4), SERVER, t.plusMillis(6), 18)));
        return i % 2 == 0 ? List.of(frontend, backend) : List.of(backend, frontend);
    }

    /**
     * The backlog: four hours earlier, a batch job calls ledger (every eleventh fails), which queries its database
     * (uninstrumented: a virtual peer), a trace every three seconds, ten traces a record, callers' record then
     * callees'; OTLP protobuf.
     */
    private static List<byte[]> backlog() {
        List<byte[]> records = new ArrayList<>();
        List<Otlp.S> callers = new ArrayList<>();
        List<Otlp.S> callees = new ArrayList<>();
        for (int j = 0; j < BACKLOG_TRACES; j++) {
            Instant t = BACKLOG.plusSeconds(3L * j);
            String tr = trace(90_000 + j);
            callers.add(span("batch", tr, Otlp.span(1), "", CLIENT, t, 40));
            Otlp.S ledger = span("ledger", tr, Otlp.span(2), Otlp.span(1), SERVER, t.plusMillis(1), 35);
            callees.add(j % 11 == 0 ? ledger.failed() : ledger);
            callees.add(span("ledger", tr, Otlp.span(3), Otlp.span(2), CLIENT, t.plusMillis(2), 10)
                    .withAttributes(Map.of("db.system", "postgresql", "db.name", "ledger")));
            if (callers.size() == 10) {
                records.add(Otlp.proto(callers));
                records.add(Otlp.proto(callees));
                callers.clear();
                callees.clear();
            }
        }
        return records;
    }

    /** Every call counted once, errors too; the last minutes are written by the idle flush. */
    private static void awaitExactTotals(RealStack stack) {
        long liveErrors = (LIVE_TRACES + 6) / 7;
        long backlogErrors = (BACKLOG_TRACES + 10) / 11;
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(List.of(
                                IngestOnly.edgeTotals(stack, "frontend", "checkout"),
                                IngestOnly.edgeTotals(stack, "checkout", "payment"),
                                IngestOnly.edgeTotals(stack, "batch", "ledger"),
                                IngestOnly.edgeTotals(stack, "ledger", "postgresql/ledger")))
                        .containsExactly(
                                List.of((long) LIVE_TRACES, liveErrors),
                                List.of((long) LIVE_TRACES, 0L),
                                List.of((long) BACKLOG_TRACES, backlogErrors),
                                List.of((long) BACKLOG_TRACES, 0L)));
    }

    private static List<String> snapshot(RealStack stack) {
        List<String> graph = ShopStream.snapshot(stack.driver());
        assertThat(graph).anyMatch(l -> l.startsWith("node [EdgeHour]")).anyMatch(l -> l.contains(" -DEPENDS_ON-> "));
        return graph;
    }

    private static String topic(RealStack stack, String name) throws Exception {
        String topic = name + "-" + System.nanoTime();
        try (var admin = stack.admin()) {
            TopicProvisioning.ensure(admin, List.of(topic), 3, (short) 1);
        }
        return topic;
    }

    private static ConfigurableApplicationContext ingest(RealStack stack, String topic, String group) {
        return IngestOnly.start(stack, topic, group, IngestOnly.FREQUENT_FLUSHES);
    }

    /**
     * A worker that writes the backlog's corrections over many flushes, so that a kill comes while it writes them (with
     * the frequent flushes of the reference, a worker often wrote them all within the first kill's random wait).
     */
    private static Process process(RealStack stack, String topic) throws Exception {
        return IngestOnly.process(
                stack.kafkaBootstrap(),
                stack.boltUri(),
                topic,
                "faulty",
                "--srekg.ingest.max-poll-records=10",
                "--srekg.ingest.traces.flush-interval=50ms",
                "--srekg.ingest.traces.idle-flush=2s",
                "--srekg.ingest.traces.pairing-wait=20s",
                "--srekg.kafka.properties[session.timeout.ms]=6000",
                "--srekg.kafka.properties[heartbeat.interval.ms]=1000");
    }
}
