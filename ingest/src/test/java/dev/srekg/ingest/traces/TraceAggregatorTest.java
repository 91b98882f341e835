package dev.srekg.ingest.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceAggregatorTest {

    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final long T0 = nanos(HOUR.plusSeconds(5));
    private static final long MINUTE = 60_000_000_000L;

    private final TraceAggregator aggregator =
            new TraceAggregator(new TraceAggregator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(30), 1000));

    private long offset;

    @Test
    void clientAndServerHalvesInTwoServicesMakeOneEdgeCall() {
        add(client(1, 10, "frontend", T0, 40, ""));
        add(server(1, 11, 10, "checkout", T0 + 1_000_000, 30));

        TraceAggregator.Flush flush = aggregator.flush(true);

        assertThat(calls(flush, edge("frontend", "checkout", "CALL"))).startsWith(1L, 0L);
        assertThat(calls(flush, service("checkout"))).startsWith(1L);
        assertThat(flush.activities())
                .containsExactly(new EdgeActivity(
                        new TrafficWindow.Subject.Edge("frontend", "checkout", "CALL", false), HOUR, HOUR));
        assertThat(aggregator.stats().paired()).isEqualTo(1);
    }

    @Test
    void everyFlushNamesTheNamespacesOfTheServicesSeenSinceTheLastOne() {
        add(new SpanData(0, 1, 10, 0, SpanData.CLIENT, "frontend", "web", T0, T0 + 1_000_000, false, ""));
        add(new SpanData(0, 1, 11, 10, SpanData.SERVER, "checkout", "shop", T0, T0 + 1_000_000, false, ""));

        assertThat(aggregator.flush(false).namespaces())
                .containsOnly(java.util.Map.entry("frontend", "web"), java.util.Map.entry("checkout", "shop"));
        assertThat(aggregator.flush(false).namespaces()).isEmpty();

        add(new SpanData(0, 2, 11, 10, SpanData.SERVER, "checkout", "shop", T0 + 10, T0 + 1_000_000, false, ""));
        assertThat(aggregator.flush(false).namespaces()).containsOnly(java.util.Map.entry("checkout", "shop"));
    }

    @Test
    void callerNamingAPeerCountsInItsMinuteWhenTheWatermarkPassesItBetweenTwoFlushes() {
        add(client(1, 10, "cart", T0, 3, "valkey-cart"));
        // Read in bulk: the next spans of the partition are minutes later, all before the next flush.
        add(client(2, 10, "cart", T0 + 5 * MINUTE, 3, "valkey-cart"));

        TraceAggregator.Flush flush = aggregator.flush(false);

        TrafficWindow w = window(flush, new TrafficWindow.Subject.Edge("cart", "valkey-cart", "CALL", true));
        assertThat(w.calls()[0]).isEqualTo(1);
        assertThat(aggregator.stats().virtualEdges()).isEqualTo(1);
        assertThat(aggregator.stats().unpaired()).isZero();
    }

    @Test
    void halvesPairInEitherArrivalOrder() {
        add(server(1, 11, 10, "checkout", T0 + 1_000_000, 30));
        add(client(1, 10, "frontend", T0, 40, ""));

        assertThat(calls(aggregator.flush(true), edge("frontend", "checkout", "CALL")))
                .startsWith(1L);
    }

    @Test
    void countsCallsErrorsAndLatencyPerMinuteExactly() {
        for (int i = 0; i < 3; i++) {
            add(client(i, 10, "frontend", T0 + i * 1_000_000_000L, 20, ""));
            add(server(i, 11, 10, "checkout", T0 + i * 1_000_000_000L, 15, i == 2));
        }
        add(client(7, 10, "frontend", T0 + MINUTE, 700, ""));
        add(server(7, 11, 10, "checkout", T0 + MINUTE, 650, false));

        TrafficWindow w = window(aggregator.flush(true), edge("frontend", "checkout", "CALL"));

        assertThat(Arrays.copyOf(w.calls(), 3)).containsExactly(3, 1, 0);
        assertThat(Arrays.copyOf(w.errors(), 3)).containsExactly(1, 0, 0);
        assertThat(Arrays.copyOf(w.durationMicros(), 2)).containsExactly(60_000, 700_000);
        // 20 ms falls in the (10, 25] ms bucket, 700 ms in (500, 1000].
        assertThat(w.latency()[4]).isEqualTo(3);
        assertThat(w.latency()[dev.srekg.graph.traffic.Latency.BUCKETS + 9]).isEqualTo(1);
    }

    @Test
    void callsWithinOneServiceMakeNoEdge() {
        add(client(1, 10, "checkout", T0, 10, ""));
        add(server(1, 11, 10, "checkout", T0, 5));

        assertThat(edges(aggregator.flush(true))).isEmpty();
    }

    @Test
    void unpairedClientNamingAPeerBecomesAVirtualEdge() {
        add(client(1, 10, "checkout", T0, 10, "postgresql/orders"));
        add(client(2, 20, "checkout", T0, 10, ""));

        TraceAggregator.Flush flush = aggregator.flush(true);

        assertThat(calls(flush, new TrafficWindow.Subject.Edge("checkout", "postgresql/orders", "CALL", true)))
                .startsWith(1L);
        assertThat(edges(flush)).hasSize(1);
        assertThat(aggregator.stats().virtualEdges()).isEqualTo(1);
        assertThat(aggregator.stats().unpaired()).isEqualTo(1);
    }

    @Test
    void producerAndConsumerMakeAMessageEdge() {
        add(new SpanData(0, 1, 10, 0, SpanData.PRODUCER, "checkout", "", T0, T0 + 1_000_000, false, "kafka/orders"));
        add(new SpanData(0, 1, 11, 10, SpanData.CONSUMER, "accounting", "", T0 + 5_000_000, T0 + 9_000_000, false, ""));

        TraceAggregator.Flush flush = aggregator.flush(true);

        assertThat(calls(flush, edge("checkout", "accounting", "MESSAGE"))).startsWith(1L);
        assertThat(calls(flush, service("accounting"))).startsWith(1L);
    }

    @Test
    void minuteClosesOnlyOnceTheWatermarkPassesItsEndPlusLateness() {
        add(client(1, 10, "frontend", T0, 10, ""));
        add(server(1, 11, 10, "checkout", T0, 5));
        add(server(2, 21, 0, "frontend", T0 + MINUTE + 50_000_000_000L, 5));

        assertThat(aggregator.flush(false).isEmpty()).isTrue();

        add(server(3, 31, 0, "frontend", T0 + 2 * MINUTE + 5_000_000_000L, 5));
        TraceAggregator.Flush flush = aggregator.flush(false);

        assertThat(calls(flush, edge("frontend", "checkout", "CALL"))).startsWith(1L);
        // Minute 1 (frontend's own traffic) is still open: its end plus lateness lies beyond the watermark.
        assertThat(flush.windows()).noneMatch(w -> w.subject().equals(service("frontend")));
    }

    @Test
    void spanForAClosedMinuteIsLateAndDropped() {
        add(server(1, 11, 0, "checkout", T0 + 3 * MINUTE, 5));
        add(server(2, 21, 0, "checkout", T0, 5));

        assertThat(aggregator.stats().late()).isEqualTo(1);
        assertThat(window(aggregator.flush(true), service("checkout")).calls()[0])
                .isZero();
    }

    @Test
    void waitingHalvesAndOpenMinutesHoldBackTheResumeOffset() {
        add(client(1, 10, "frontend", T0, 10, "")); // offset 0, waits
        add(server(2, 21, 0, "checkout", T0 + 20_000_000_000L, 5)); // offset 1, same minute

        TraceAggregator.Flush flush = aggregator.flush(false);

        assertThat(flush.isEmpty()).isTrue();
        assertThat(flush.resumeOffsets()).containsEntry(0, 0L);

        add(server(3, 31, 0, "checkout", T0 + 3 * MINUTE, 5)); // offset 2, moves the watermark
        TraceAggregator.Flush later = aggregator.flush(false);

        assertThat(later.isEmpty()).isFalse();
        assertThat(later.resumeOffsets()).containsEntry(0, 2L);
    }

    @Test
    void afterRestartSpansOfFlushedWindowsAreSkipped() {
        aggregator.assign(List.of(0), Map.of(0, HOUR.plusSeconds(200)));

        add(server(1, 11, 0, "checkout", T0, 5));
        add(server(2, 21, 0, "checkout", nanos(HOUR.plusSeconds(190)), 5));

        assertThat(aggregator.stats().replaySkipped()).isEqualTo(1);
        assertThat(aggregator.stats().spans()).isEqualTo(1);
    }

    @Test
    void afterATakeoverThePartitionWrittenThroughLeastSetsTheWatermark() {
        // Partition 2 was written through minute 9 by this worker, partition 0 through minute 2 by another.
        aggregator.assign(List.of(2, 0), Map.of(2, HOUR.plusSeconds(600), 0, HOUR.plusSeconds(150)));

        aggregator.add(server(1, 11, 0, "checkout", T0 + 3 * MINUTE, 5), 0, 0);

        assertThat(aggregator.stats().late()).isZero();
        assertThat(aggregator.stats().spans()).isEqualTo(1);
    }

    @Test
    void partitionReadLaterDoesNotMakeItsSpansLate() {
        aggregator.assign(List.of(0, 1), Map.of());
        aggregator.add(server(1, 11, 0, "checkout", T0 + 5 * MINUTE, 5), 0, 0);
        aggregator.add(server(2, 21, 0, "checkout", T0, 5), 1, 0);

        assertThat(aggregator.stats().late()).isZero();
        assertThat(window(aggregator.flush(true), service("checkout")).calls()[0])
                .isEqualTo(1);
    }

    @Test
    void idlePartitionStopsHoldingTheWatermark() {
        aggregator.assign(List.of(0, 1), Map.of());
        aggregator.add(server(1, 11, 0, "checkout", T0, 5), 0, 0);
        aggregator.add(server(2, 21, 0, "checkout", T0 + 5 * MINUTE, 5), 0, 1);

        assertThat(aggregator.flush(false).isEmpty()).isTrue();

        aggregator.partitionIdle(1);
        assertThat(aggregator.flush(false).isEmpty()).isFalse();
    }

    @Test
    void waitingHalvesAreBounded() {
        TraceAggregator small =
                new TraceAggregator(new TraceAggregator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(30), 2));
        for (int i = 0; i < 5; i++) {
            small.add(client(i, 10, "frontend", T0, 10, ""), 0, i);
        }

        assertThat(small.stats().waiting()).isEqualTo(2);
        assertThat(small.stats().unpaired()).isEqualTo(3);
    }

    private void add(SpanData s) {
        aggregator.add(s, 0, offset++);
    }

    private static SpanData client(long trace, long id, String service, long start, long millis, String peer) {
        return new SpanData(
                0, trace, id, 0, SpanData.CLIENT, service, "", start, start + millis * 1_000_000, false, peer);
    }

    private static SpanData server(long trace, long id, long parent, String service, long start, long millis) {
        return server(trace, id, parent, service, start, millis, false);
    }

    private static SpanData server(
            long trace, long id, long parent, String service, long start, long millis, boolean error) {
        return new SpanData(
                0, trace, id, parent, SpanData.SERVER, service, "", start, start + millis * 1_000_000, error, "");
    }

    private static TrafficWindow.Subject.Edge edge(String from, String to, String kind) {
        return new TrafficWindow.Subject.Edge(from, to, kind, false);
    }

    private static TrafficWindow.Subject.Service service(String name) {
        return new TrafficWindow.Subject.Service(name);
    }

    private static List<TrafficWindow> edges(TraceAggregator.Flush flush) {
        return flush.windows().stream()
                .filter(w -> w.subject() instanceof TrafficWindow.Subject.Edge)
                .toList();
    }

    private static TrafficWindow window(TraceAggregator.Flush flush, TrafficWindow.Subject subject) {
        Optional<TrafficWindow> w = flush.windows().stream()
                .filter(x -> x.subject().equals(subject))
                .findFirst();
        assertThat(w).as("window of " + subject).isPresent();
        assertThat(w.get().hour()).isEqualTo(HOUR);
        return w.get();
    }

    private static Long[] calls(TraceAggregator.Flush flush, TrafficWindow.Subject subject) {
        return Arrays.stream(window(flush, subject).calls()).boxed().toArray(Long[]::new);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
