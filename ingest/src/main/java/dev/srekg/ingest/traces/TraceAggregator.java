package dev.srekg.ingest.traces;

import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Turns spans into per-minute traffic of services and dependency edges, the way the OpenTelemetry Collector's
 * servicegraph connector does, but in event time. Pure and single-threaded: the Kafka adapter feeds it and writes what
 * {@link #flush} returns.
 *
 * <ul>
 *   <li><b>Pairing.</b> A CLIENT (or PRODUCER) span and its child SERVER (or CONSUMER) span in another service make
 *       an edge. Halves wait in a bounded store keyed by trace id and span id, in either arrival order. A caller half
 *       that finds no partner within {@code pairingWait} becomes an edge to a virtual peer when it names one, else it
 *       is counted as unpaired.
 *   <li><b>Windows.</b> One minute, keyed by the span's start (the caller's start for an edge). Each partition's
 *       watermark is the latest start it delivered; the aggregator's is the lowest of them over partitions that are
 *       not idle, so one partition read ahead of another does not make the other's spans late. A minute closes once
 *       the watermark passes its end plus {@code lateness}; a span for a closed minute is counted as late and
 *       dropped. So replaying a topic gives the same windows.
 *   <li><b>Exactly once.</b> Each flush says, per partition, the offset from which a restart must re-read so that
 *       every open window and waiting half is rebuilt ({@link Flush#resumeOffsets()}), and the watermark through
 *       which windows were written ({@link Flush#flushedThrough()}). Stored with the windows in one transaction, they
 *       let a restarted worker skip what was already counted ({@link #assign}).
 * </ul>
 */
public final class TraceAggregator {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    /**
     * @param lateness how long after a minute ends spans for it are still taken
     * @param pairingWait how long a half waits for its partner; at most {@code lateness}
     * @param maxWaiting most halves waiting at once; beyond it the oldest is given up
     */
    public record Settings(Duration lateness, Duration pairingWait, int maxWaiting) {
        public Settings {
            if (pairingWait.compareTo(lateness) > 0) {
                throw new IllegalArgumentException("pairing wait must not exceed the allowed lateness");
            }
            if (maxWaiting < 1) {
                throw new IllegalArgumentException("maxWaiting must be positive");
            }
        }
    }

    /** What a flush hands to the writer. Empty windows and activities mean nothing closed. */
    public record Flush(
            List<TrafficWindow> windows,
            List<EdgeActivity> activities,
            Instant flushedThrough,
            Map<Integer, Long> resumeOffsets,
            Map<String, String> namespaces) {

        public boolean isEmpty() {
            return windows.isEmpty() && activities.isEmpty() && namespaces.isEmpty();
        }
    }

    /** Counts since start. */
    public record Stats(
            long spans, long late, long replaySkipped, long paired, long virtualEdges, long unpaired, int waiting) {}

    private final Settings settings;
    private final long latenessNanos;
    private final long pairingWaitNanos;

    /** The event-time watermark: the lowest of the active partitions' latest starts, never moving back. */
    private long watermark = Long.MIN_VALUE;

    /** Minutes ending (plus lateness) before this have been written; their spans no longer count. */
    private long closedThrough = Long.MIN_VALUE;

    private final Map<Integer, Long> partitionMax = new HashMap<>();
    private final TreeMap<Long, MinuteState> open = new TreeMap<>();
    private final Map<HalfKey, Half> callers = new HashMap<>();
    private final Map<HalfKey, Half> callees = new HashMap<>();
    /**
     * Waiting halves by start time, so they give up in event-time order: in arrival order, a half of a partition read
     * behind the others would wait behind newer ones and miss its minute.
     */
    private final PriorityQueue<Half> waitingOrder =
            new PriorityQueue<>(Comparator.comparingLong((Half h) -> h.span.startNanos()));

    private final Map<Integer, Long> skipThrough = new HashMap<>();
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    /** {@code service.namespace} of the services seen since the last flush, written with each flush. */
    private final Map<String, String> namespaces = new HashMap<>();

    private long spans;
    private long late;
    private long replaySkipped;
    private long paired;
    private long virtualEdges;
    private long unpaired;

    public TraceAggregator(Settings settings) {
        this.settings = settings;
        this.latenessNanos = settings.lateness().toNanos();
        this.pairingWaitNanos = settings.pairingWait().toNanos();
    }

    /**
     * Starts over with the given partitions, forgetting everything in memory: they are then re-read from their
     * checkpoints. Until a partition delivers a span (or is reported idle) it holds the watermark where it is, so spans
     * of a partition read later are not taken as late. A partition with a checkpoint skips the spans of windows written
     * through its {@code flushedThrough}: they were counted before. The watermark starts at the lowest checkpoint (none
     * if a partition has none): partitions taken over from another worker may have been written through less than
     * this worker's own, and none of their spans may be taken as late.
     *
     * @param flushedThrough per partition with a checkpoint, the watermark it was written through
     */
    public void assign(Collection<Integer> partitions, Map<Integer, Instant> flushedThrough) {
        reset();
        long lowest = Long.MAX_VALUE;
        for (int partition : partitions) {
            partitionMax.put(partition, Long.MIN_VALUE);
            Instant through = flushedThrough.get(partition);
            if (through == null) {
                lowest = Long.MIN_VALUE;
            } else {
                skipThrough.put(partition, toNanos(through));
                lowest = Math.min(lowest, toNanos(through));
            }
        }
        watermark = partitions.isEmpty() ? Long.MIN_VALUE : lowest;
    }

    /** Forgets everything in memory, as when partitions are revoked. */
    public void reset() {
        watermark = Long.MIN_VALUE;
        closedThrough = Long.MIN_VALUE;
        open.clear();
        callers.clear();
        callees.clear();
        waitingOrder.clear();
        skipThrough.clear();
        nextOffset.clear();
        partitionMax.clear();
        namespaces.clear();
    }

    /**
     * A partition has delivered nothing for a while: it no longer holds the watermark back, until it delivers again.
     */
    public void partitionIdle(int partition) {
        if (partitionMax.remove(partition) != null) {
            advanceWatermark();
        }
    }

    private void advanceWatermark() {
        long min = Long.MAX_VALUE;
        for (long max : partitionMax.values()) {
            min = Math.min(min, max);
        }
        if (min != Long.MAX_VALUE && min != Long.MIN_VALUE) {
            watermark = Math.max(watermark, min);
        }
    }

    public void add(SpanData span, int partition, long offset) {
        nextOffset.merge(partition, offset + 1, Math::max);
        long minute = Math.floorDiv(span.startNanos(), MINUTE_NANOS);
        long minuteEnd = (minute + 1) * MINUTE_NANOS;
        Long skip = skipThrough.get(partition);
        if (skip != null && minuteEnd + latenessNanos <= skip) {
            replaySkipped++;
            return;
        }
        if (watermark != Long.MIN_VALUE && minuteEnd + latenessNanos <= watermark) {
            late++;
            return;
        }
        spans++;
        if (!span.namespace().isEmpty()) {
            namespaces.put(span.service(), span.namespace());
        }
        Long max = partitionMax.get(partition);
        if (max == null || span.startNanos() > max) {
            partitionMax.put(partition, span.startNanos());
            advanceWatermark();
        }
        if (span.isCallee()) {
            minuteState(minute, partition, offset)
                    .traffic(new TrafficWindow.Subject.Service(span.service()))
                    .add(span.error(), span.durationMicros());
            Half caller = span.parentSpanId() == 0
                    ? null
                    : callers.remove(new HalfKey(span.traceHi(), span.traceLo(), span.parentSpanId()));
            if (caller != null) {
                pair(caller, span, partition, offset);
            } else if (span.parentSpanId() != 0) {
                wait(
                        callees,
                        new HalfKey(span.traceHi(), span.traceLo(), span.parentSpanId()),
                        span,
                        partition,
                        offset);
            }
        } else if (span.isCaller()) {
            Half callee = callees.remove(new HalfKey(span.traceHi(), span.traceLo(), span.spanId()));
            if (callee != null) {
                callee.done = true;
                pairCallerWithCallee(span, partition, offset, callee);
            } else {
                wait(callers, new HalfKey(span.traceHi(), span.traceLo(), span.spanId()), span, partition, offset);
            }
        }
    }

    private void pair(Half caller, SpanData callee, int partition, long offset) {
        caller.done = true;
        if (!caller.span.service().equals(callee.service())) {
            edge(caller, callee.service(), false, callee.error()).offset(partition, offset);
            paired++;
        }
    }

    private void pairCallerWithCallee(SpanData caller, int partition, long offset, Half callee) {
        if (!caller.service().equals(callee.span.service())) {
            Half half = new Half(caller, partition, offset);
            edge(half, callee.span.service(), false, callee.span.error()).offset(callee.partition, callee.offset);
            paired++;
        }
    }

    /** Adds the caller's call to the edge's minute; returns the minute so the callee's offset can be noted too. */
    private MinuteState edge(Half caller, String target, boolean virtual, boolean calleeError) {
        SpanData c = caller.span;
        long minute = Math.floorDiv(c.startNanos(), MINUTE_NANOS);
        MinuteState state = minuteState(minute, caller.partition, caller.offset);
        state.traffic(new TrafficWindow.Subject.Edge(c.service(), target, c.edgeKind(), virtual))
                .add(c.error() || calleeError, c.durationMicros());
        return state;
    }

    private void wait(Map<HalfKey, Half> store, HalfKey key, SpanData span, int partition, long offset) {
        Half half = new Half(span, partition, offset);
        half.key = key;
        half.store = store;
        Half previous = store.put(key, half);
        if (previous != null) {
            previous.done = true;
        }
        waitingOrder.add(half);
        while (callers.size() + callees.size() > settings.maxWaiting()) {
            giveUp(waitingOrder.poll());
        }
    }

    /** A half that waited long enough: a caller naming a peer becomes a virtual edge; anything else is unpaired. */
    private void giveUp(Half half) {
        if (half == null || half.done) {
            return;
        }
        half.done = true;
        half.store.remove(half.key, half);
        if (half.span.isCaller() && !half.span.peer().isEmpty()) {
            long minute = Math.floorDiv(half.span.startNanos(), MINUTE_NANOS);
            // Counted unless its minute was written already. Not judged by the watermark: read in bulk, the watermark
            // passes many minutes between two flushes, and the halves given up in a flush still belong to minutes
            // that flush writes.
            long closed = Math.max(closedThrough, skipThrough.getOrDefault(half.partition, Long.MIN_VALUE));
            if ((minute + 1) * MINUTE_NANOS + latenessNanos > closed) {
                edge(half, half.span.peer(), true, false);
                virtualEdges++;
                return;
            }
        }
        unpaired++;
    }

    private MinuteState minuteState(long minute, int partition, long offset) {
        return open.computeIfAbsent(minute, m -> new MinuteState()).offset(partition, offset);
    }

    /**
     * Gives up halves that waited past the pairing wait and closes the minutes the watermark has passed.
     *
     * @param idle the stream has been idle: close everything, as if the watermark had moved past all open minutes
     */
    public Flush flush(boolean idle) {
        while (!waitingOrder.isEmpty()) {
            Half head = waitingOrder.peek();
            if (!head.done && head.span.startNanos() + pairingWaitNanos >= watermark && !idle) {
                break;
            }
            giveUp(waitingOrder.poll());
        }
        if (idle && !open.isEmpty()) {
            watermark = Math.max(watermark, (open.lastKey() + 1) * MINUTE_NANOS + latenessNanos);
        }
        Map<String, TrafficWindow> windows = new LinkedHashMap<>();
        Map<TrafficWindow.Subject.Edge, Instant[]> activity = new LinkedHashMap<>();
        Iterator<Map.Entry<Long, MinuteState>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, MinuteState> e = it.next();
            long minute = e.getKey();
            if ((minute + 1) * MINUTE_NANOS + latenessNanos > watermark) {
                break;
            }
            Instant start = Instant.ofEpochSecond(minute * 60);
            Instant hour = TrafficWindow.hourOf(start);
            int index = (int) ((minute * 60 - hour.getEpochSecond()) / 60);
            e.getValue().traffic.forEach((subject, acc) -> {
                windows.computeIfAbsent(subject + "@" + hour, k -> TrafficWindow.empty(subject, hour))
                        .addMinute(index, acc.calls, acc.errors, acc.durationMicros, acc.latency);
                if (subject instanceof TrafficWindow.Subject.Edge edge) {
                    activity.merge(edge, new Instant[] {start, start}, (a, b) ->
                            new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
                }
            });
            it.remove();
        }
        closedThrough = Math.max(closedThrough, watermark);
        List<EdgeActivity> activities = new ArrayList<>();
        activity.forEach((edge, span) -> activities.add(new EdgeActivity(edge, span[0], span[1])));
        Map<String, String> namespacesSeen = Map.copyOf(namespaces);
        namespaces.clear();
        return new Flush(
                List.copyOf(windows.values()),
                activities,
                watermark == Long.MIN_VALUE ? Instant.EPOCH : toInstant(watermark),
                resumeOffsets(),
                namespacesSeen);
    }

    /** Per partition: the lowest offset still needed by an open minute or a waiting half, else the next offset. */
    private Map<Integer, Long> resumeOffsets() {
        Map<Integer, Long> resume = new HashMap<>(nextOffset);
        for (MinuteState state : open.values()) {
            state.minOffset.forEach((p, o) -> resume.merge(p, o, Math::min));
        }
        for (Half h : waitingOrder) {
            if (!h.done) {
                resume.merge(h.partition, h.offset, Math::min);
            }
        }
        return resume;
    }

    public boolean hasOpenWork() {
        return !open.isEmpty() || !callers.isEmpty() || !callees.isEmpty();
    }

    public Stats stats() {
        return new Stats(spans, late, replaySkipped, paired, virtualEdges, unpaired, callers.size() + callees.size());
    }

    private static long toNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private record HalfKey(long traceHi, long traceLo, long spanId) {}

    private static final class Half {
        final SpanData span;
        final int partition;
        final long offset;
        HalfKey key;
        Map<HalfKey, Half> store;
        boolean done;

        Half(SpanData span, int partition, long offset) {
            this.span = span;
            this.partition = partition;
            this.offset = offset;
        }
    }

    private static final class MinuteState {
        final Map<TrafficWindow.Subject, Accumulator> traffic = new HashMap<>();
        final Map<Integer, Long> minOffset = new HashMap<>();

        MinuteState offset(int partition, long offset) {
            minOffset.merge(partition, offset, Math::min);
            return this;
        }

        Accumulator traffic(TrafficWindow.Subject subject) {
            return traffic.computeIfAbsent(subject, s -> new Accumulator());
        }
    }

    private static final class Accumulator {
        long calls;
        long errors;
        long durationMicros;
        final long[] latency = new long[Latency.BUCKETS];

        void add(boolean error, long micros) {
            calls++;
            if (error) {
                errors++;
            }
            durationMicros += micros;
            latency[Latency.bucketOf(micros)]++;
        }
    }
}
