package dev.srekg.ingest.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A worker that stops after any flush and restarts from that flush's checkpoint (resume offsets and the watermark it
 * wrote through) counts every call exactly once: the windows written before and after add up to those of a run
 * without a stop. Records in three partitions, read in bulk, with paired calls and calls to uninstrumented peers.
 */
class TraceAggregatorReplayTest {

    private static final TraceAggregator.Settings SETTINGS =
            new TraceAggregator.Settings(Duration.ofSeconds(30), Duration.ofSeconds(20), 100_000, Duration.ofHours(24));
    private static final long T0 = Instant.parse("2026-11-20T10:00:00Z").getEpochSecond() * 1_000_000_000L;

    private record Record(int partition, long offset, List<SpanData> spans) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void stopAndResumeAtAnyFlushCountsEveryCallOnce(long seed) {
        List<Record> records = records(new Random(seed));
        Map<String, Long> expected = withoutStops(records);
        // Every call counted, whatever order the partitions were read in: 600 s x 3 partitions x 3 traces.
        assertThat(total(expected, "frontend")).isEqualTo(5400);
        assertThat(total(expected, "valkey")).isEqualTo(5400);

        Random random = new Random(seed * 31);
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(stopOnceAndResume(records, random))
                    .as("seed %d, attempt %d", seed, attempt)
                    .isEqualTo(expected);
        }
    }

    /** What a worker counts that stops after a random flush and resumes from its checkpoints. */
    private static Map<String, Long> stopOnceAndResume(List<Record> records, Random random) {
        Map<String, Long> counted = new HashMap<>();
        TraceAggregator first = new TraceAggregator(SETTINGS);
        first.assign(ALL, Map.of());
        Map<Integer, TraceCheckpoint> checkpoints = new HashMap<>();
        checkpoint(run(first, records, Map.of(), counted, 1 + random.nextInt(records.size() / 8)), checkpoints);
        TraceAggregator second = new TraceAggregator(SETTINGS);
        second.instrumented(served(counted));
        second.assign(ALL, checkpoints);
        run(second, records, checkpoints, counted, Integer.MAX_VALUE);
        return counted;
    }

    /** The services with traffic of their own in what was written: what a restarted worker reads from the graph. */
    private static Set<String> served(Map<String, Long> counted) {
        Set<String> served = new HashSet<>();
        for (String key : counted.keySet()) {
            Matcher m = SERVICE_KEY.matcher(key);
            if (m.lookingAt()) {
                served.add(m.group(1));
            }
        }
        return served;
    }

    private static final Pattern SERVICE_KEY = Pattern.compile("Service\\[id=[^/\\]]+/([^\\]]+)]@");

    /**
     * A collector's spans for one service (checkout) of five minutes arrive five minutes after the rest: the calls
     * into it give up waiting and name it by its Kubernetes address, as do its own calls into payment, read after
     * payment's halves gave up. Every call counts once, on the edge to the instrumented service and never on a
     * virtual twin of it, as if the spans had been read in order; and so it does for a worker stopped after any flush
     * and restarted from that flush's checkpoint, knowing the services the graph has traffic of. Issue 21.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aServiceWhoseSpansComeFiveMinutesLateCountsEveryCallOnceAndHasNoTwin(long seed) {
        Random random = new Random(seed);
        List<List<Record>> seconds = new ArrayList<>();
        long span = 1;
        for (int second = 0; second < 600; second++) {
            List<SpanData> frontend = new ArrayList<>();
            List<SpanData> checkout = new ArrayList<>();
            List<SpanData> payment = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long at = T0 + second * 1_000_000_000L + random.nextInt(900) * 1_000_000L;
                long trace = 5_000_000L + second * 10L + t;
                long caller = span++;
                long server = span++;
                long call = span++;
                frontend.add(new SpanData(
                        0,
                        trace,
                        caller,
                        0,
                        SpanData.CLIENT,
                        "frontend",
                        "",
                        "",
                        "",
                        at,
                        at + 9_000_000,
                        false,
                        "checkout.shop.svc.cluster.local"));
                checkout.add(new SpanData(
                        0,
                        trace,
                        server,
                        caller,
                        SpanData.SERVER,
                        "checkout",
                        "",
                        "",
                        "",
                        at + 1,
                        at + 8_000_000,
                        false,
                        ""));
                checkout.add(new SpanData(
                        0,
                        trace,
                        call,
                        server,
                        SpanData.CLIENT,
                        "checkout",
                        "",
                        "",
                        "",
                        at + 2,
                        at + 6_000_000,
                        false,
                        "payment.shop.svc.cluster.local:8080"));
                payment.add(new SpanData(
                        0,
                        trace,
                        span++,
                        call,
                        SpanData.SERVER,
                        "payment",
                        "",
                        "",
                        "",
                        at + 3,
                        at + 5_000_000,
                        false,
                        ""));
            }
            seconds.add(List.of(
                    new Record(random.nextInt(3), 0, frontend),
                    new Record(random.nextInt(3), 0, checkout),
                    new Record(random.nextInt(3), 0, payment)));
        }
        List<Record> inOrder = new ArrayList<>();
        seconds.forEach(inOrder::addAll);
        Map<String, Long> expected = withoutStops(renumbered(inOrder));
        assertThat(total(expected, "frontend")).isEqualTo(1200);
        assertThat(total(expected, "payment")).isEqualTo(1200);

        // Checkout's records of minutes 3 to 7 are read five minutes after the rest.
        List<Record> delayed = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            List<Record> of = seconds.get(second);
            delayed.add(of.get(0));
            if (second < 180 || second >= 480) {
                delayed.add(of.get(1));
            }
            delayed.add(of.get(2));
            if (second >= 480 && second < 780) {
                delayed.add(seconds.get(second - 300).get(1));
            }
        }
        for (int second = 300; second < 480; second++) {
            delayed.add(seconds.get(second).get(1));
        }
        delayed = renumbered(delayed);
        TraceAggregator once = new TraceAggregator(SETTINGS);
        Map<String, Long> counted = new HashMap<>();
        run(once, delayed, Map.of(), counted, Integer.MAX_VALUE);
        assertThat(counted).isEqualTo(expected);
        assertThat(counted.keySet()).noneMatch(k -> k.contains("svc.cluster.local"));
        assertThat(once.stats().resolvedPeers()).isGreaterThanOrEqualTo(2 * 300 * 2);
        assertThat(once.stats().virtualEdges()).isZero();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(stopOnceAndResume(delayed, random))
                    .as("seed %d, attempt %d", seed, attempt)
                    .isEqualTo(expected);
        }
    }

    /**
     * Two workers of one group: the first reads partitions 0 and 1, the second partition 2, each flushing at its own
     * pace; the first stops and the second takes over all three from the checkpoints both wrote, which were written
     * through different watermarks. Every call is counted once.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aWorkerTakingOverPartitionsWrittenThroughLessThanItsOwnCountsEveryCallOnce(long seed) {
        List<Record> records = records(new Random(seed));
        Map<String, Long> expected = withoutStops(records);

        Random random = new Random(seed * 17);
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Long> counted = new HashMap<>();
            Map<Integer, TraceCheckpoint> checkpoints = new HashMap<>();
            List<Record> ofFirst = of(records, List.of(0, 1));
            List<Record> ofSecond = of(records, List.of(2));
            int flushes = 1 + random.nextInt(ofFirst.size() / 16);
            TraceAggregator first = new TraceAggregator(SETTINGS);
            first.assign(List.of(0, 1), Map.of());
            checkpoint(run(first, ofFirst, Map.of(), counted, flushes), checkpoints);
            // The second worker, reading one partition, is further on in event time; sometimes through its end.
            TraceAggregator second = new TraceAggregator(SETTINGS);
            second.assign(List.of(2), Map.of());
            int more = flushes + random.nextInt(ofSecond.size() / 8 - flushes + 2);
            checkpoint(run(second, ofSecond, Map.of(), counted, more), checkpoints);
            assertThat(checkpoints.get(2).flushedThrough())
                    .isAfter(checkpoints.get(0).flushedThrough());
            // Its own partition first: the order of assignment must not matter.
            second.assign(List.of(2, 0, 1), checkpoints);
            run(second, records, checkpoints, counted, Integer.MAX_VALUE);
            assertThat(counted).as("seed %d, attempt %d", seed, attempt).isEqualTo(expected);
        }
    }

    /**
     * A collector's four-hour-old backlog of other services, read interleaved with the live stream over the same
     * partitions, its halves in different records and partitions: every call counts as if the spans had been read in
     * order, and so it does for a worker stopped after any flush and restarted from that flush's checkpoint. Issue 21.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aBacklogReadWithTheLiveStreamCountsAsInOrderAcrossStops(long seed) {
        Random random = new Random(seed);
        List<Record> live = records(random);
        List<List<SpanData>> backlog = backlog(random);
        List<Record> inOrder = new ArrayList<>();
        long[] offsets = new long[3];
        for (List<SpanData> spans : backlog) {
            inOrder.add(new Record(0, offsets[0]++, spans));
        }
        live.forEach(r -> inOrder.add(new Record(r.partition() + 3, r.offset(), r.spans())));
        Map<String, Long> expected = withoutStops(inOrder);
        assertThat(total(expected, "ledger")).isEqualTo(2L * backlog.size() / 2 * 5);

        List<Record> mixed = mixed(live, backlog, random);
        TraceAggregator once = new TraceAggregator(SETTINGS);
        Map<String, Long> counted = new HashMap<>();
        run(once, mixed, Map.of(), counted, Integer.MAX_VALUE);
        assertThat(counted).isEqualTo(expected);
        // The backlog is read as corrections of minutes written before.
        assertThat(once.stats().lateCorrected()).isGreaterThan(backlog.size());
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(stopOnceAndResume(mixed, random))
                    .as("seed %d, attempt %d", seed, attempt)
                    .isEqualTo(expected);
        }
    }

    /**
     * Half an hour of a batch job four hours before the live stream: five traces a record, the callers' record
     * (batch calls ledger, ledger calls its database) then the callees' record.
     */
    private static List<List<SpanData>> backlog(Random random) {
        List<List<SpanData>> records = new ArrayList<>();
        long start = T0 - 4 * 3_600_000_000_000L;
        long span = 1_000_000;
        for (int second = 0; second < 1800; second += 2) {
            List<SpanData> callers = new ArrayList<>();
            List<SpanData> callees = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                long at = start + second * 1_000_000_000L + random.nextInt(1900) * 1_000_000L;
                long trace = 9_000_000L + second * 10L + t;
                long client = span++;
                callers.add(new SpanData(
                        0, trace, client, 0, SpanData.CLIENT, "batch", "", "", "", at, at + 9_000_000, false, ""));
                long server = span++;
                callees.add(new SpanData(
                        0,
                        trace,
                        server,
                        client,
                        SpanData.SERVER,
                        "ledger",
                        "",
                        "",
                        "",
                        at + 1,
                        at + 8_000_000,
                        t == 0,
                        ""));
                callees.add(new SpanData(
                        0,
                        trace,
                        span++,
                        server,
                        SpanData.CLIENT,
                        "ledger",
                        "",
                        "",
                        "",
                        at + 2,
                        at + 5_000_000,
                        false,
                        "postgresql/ledger"));
            }
            records.add(callers);
            records.add(callees);
        }
        return records;
    }

    /** The backlog's records spread over the partitions at random, read between the live records, in order. */
    private static List<Record> mixed(List<Record> live, List<List<SpanData>> backlog, Random random) {
        List<int[]> order = new ArrayList<>();
        int b = 0;
        for (int i = 0; i < live.size(); i++) {
            order.add(new int[] {0, i});
            while (i > 30 && b < backlog.size() && random.nextInt(3) > 0) {
                order.add(new int[] {1, b++});
            }
        }
        while (b < backlog.size()) {
            order.add(new int[] {1, b++});
        }
        List<Record> mixed = new ArrayList<>();
        for (int[] o : order) {
            mixed.add(o[0] == 0 ? live.get(o[1]) : new Record(random.nextInt(3), 0, backlog.get(o[1])));
        }
        return renumbered(mixed);
    }

    /** Offsets per partition in the order the records are read, as a partition's log holds them. */
    private static List<Record> renumbered(List<Record> read) {
        Map<Integer, Long> next = new HashMap<>();
        List<Record> records = new ArrayList<>();
        for (Record r : read) {
            records.add(new Record(r.partition(), next.merge(r.partition(), 1L, Long::sum) - 1, r.spans()));
        }
        return records;
    }

    /** The calls counted per subject and minute by one worker reading everything without a stop. */
    private static Map<String, Long> withoutStops(List<Record> records) {
        Map<String, Long> counted = new HashMap<>();
        run(new TraceAggregator(SETTINGS), records, Map.of(), counted, Integer.MAX_VALUE);
        return counted;
    }

    private static final List<Integer> ALL = List.of(0, 1, 2);

    private static List<Record> of(List<Record> records, List<Integer> partitions) {
        return records.stream().filter(r -> partitions.contains(r.partition())).toList();
    }

    /** What the writer stores of a flush: per partition, its checkpoint, replacing the one before. */
    private static void checkpoint(TraceAggregator.Flush flush, Map<Integer, TraceCheckpoint> checkpoints) {
        checkpoints.putAll(flush.checkpoints());
    }

    /**
     * Feeds the records from the resume offsets, flushing after every eight; stops after {@code flushes} flushes
     * or at the end with an idle flush; returns the last flush, the checkpoint a worker would have written.
     */
    private static TraceAggregator.Flush run(
            TraceAggregator aggregator,
            List<Record> records,
            Map<Integer, TraceCheckpoint> resume,
            Map<String, Long> counted,
            int flushes) {
        TraceAggregator.Flush last = null;
        int n = 0;
        int done = 0;
        for (Record r : records) {
            TraceCheckpoint from = resume.get(r.partition());
            if (from != null && r.offset() < from.offset()) {
                continue;
            }
            r.spans().forEach(s -> aggregator.add(s, r.partition(), r.offset()));
            if (++n % 8 == 0) {
                last = aggregator.flush(false);
                add(last, counted);
                if (++done == flushes) {
                    return last;
                }
            }
        }
        last = aggregator.flush(true);
        add(last, counted);
        return last;
    }

    private static long total(Map<String, Long> counted, String part) {
        return counted.entrySet().stream()
                .filter(e -> e.getKey().startsWith("Edge") && e.getKey().contains(part))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static void add(TraceAggregator.Flush flush, Map<String, Long> counted) {
        for (TrafficWindow w : flush.windows()) {
            for (int m = 0; m < TrafficWindow.MINUTES; m++) {
                if (w.calls()[m] != 0) {
                    counted.merge(w.subject() + "@" + w.hour() + "+" + m, w.calls()[m], Long::sum);
                }
            }
        }
    }

    /** Ten minutes of traffic, one record a second per partition: a paired call and two calls to a database. */
    private static List<Record> records(Random random) {
        List<Record> records = new ArrayList<>();
        long[] offsets = new long[3];
        long span = 1;
        for (int second = 0; second < 600; second++) {
            for (int p = 0; p < 3; p++) {
                List<SpanData> spans = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    long start = T0 + second * 1_000_000_000L + random.nextInt(900) * 1_000_000L;
                    long trace = second * 100L + p * 10 + t;
                    long client = span++;
                    spans.add(new SpanData(
                            0,
                            trace,
                            client,
                            0,
                            SpanData.CLIENT,
                            "frontend",
                            "",
                            "",
                            "",
                            start,
                            start + 5_000_000,
                            false,
                            ""));
                    spans.add(new SpanData(
                            0,
                            trace,
                            span++,
                            client,
                            SpanData.SERVER,
                            "cart",
                            "",
                            "",
                            "",
                            start + 1,
                            start + 4_000_000,
                            false,
                            ""));
                    spans.add(new SpanData(
                            0,
                            trace,
                            span++,
                            client,
                            SpanData.CLIENT,
                            "cart",
                            "",
                            "",
                            "",
                            start + 2,
                            start + 3_000_000,
                            false,
                            "valkey"));
                }
                records.add(new Record(p, offsets[p]++, spans));
            }
        }
        // Partitions read unevenly, as a consumer fetches them: one partition runs up to a minute behind the others.
        List<Record> read = new ArrayList<>();
        List<Record> behind = new ArrayList<>();
        for (Record r : records) {
            if (r.partition() == 1) {
                behind.add(r);
            } else {
                read.add(r);
            }
            if (behind.size() > random.nextInt(60)) {
                read.addAll(behind);
                behind.clear();
            }
        }
        read.addAll(behind);
        return read;
    }
}
