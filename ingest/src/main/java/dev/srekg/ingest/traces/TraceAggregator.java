package dev.srekg.ingest.traces;

import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TraceCheckpoint.Counted;
import dev.srekg.graph.traffic.TraceCheckpoint.Pending;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns spans into per-minute traffic of services and dependency edges, the way the OpenTelemetry Collector's
 * servicegraph connector does, but in event time. Pure and single-threaded: the Kafka adapter feeds it and writes what
 * {@link #flush} returns.
 *
 * <ul>
 *   <li><b>Pairing.</b> A CLIENT (or PRODUCER) span and its child SERVER (or CONSUMER) span in another service make
 *       an edge. Halves wait in a bounded store keyed by trace id and span id, in either arrival order. A caller half
 *       that finds no partner within {@code pairingWait} becomes an edge to the peer it names, else it is counted as
 *       unpaired: to the instrumented service its peer address names ({@link PeerResolver}: a service seen serving
 *       since the start, or with traffic in the graph at the assignment), else to a virtual peer. A call is counted
 *       once, when its caller half pairs or gives up: a partner that comes after that pairs with nothing.
 *   <li><b>Windows.</b> One minute, keyed by the span's start (the caller's start for an edge). Each partition's
 *       watermark is the latest of the earliest start of each record it delivered (a record may span more than the
 *       pairing wait); the aggregator's is the lowest of them over partitions that are
 *       not idle, so one partition read ahead of another does not make the other's spans late. A minute closes once
 *       the watermark passes its end plus {@code lateness}.
 *   <li><b>Corrections.</b> A span for a closed minute within {@code horizon} of the watermark is late: it is added
 *       to its minute again, and the next flush adds that minute to what is stored (windows are increments). Older
 *       spans are counted as too old and dropped. Late halves pair as live ones do, but wait by their own clock: the
 *       lowest, over the partitions delivering late spans, of the latest late start each delivered, so that a backlog
 *       read behind the live stream pairs as if it were read alone.
 *   <li><b>Exactly once.</b> Each flush gives, per partition, a {@link TraceCheckpoint} ({@link Flush#checkpoints()}):
 *       the offset from which a restart must re-read so that every open window and waiting half is rebuilt, the
 *       watermark through which windows were written, and what is counted: the spans below an offset whose minutes
 *       were closed at a watermark, but the late halves still waiting. Stored with the windows in one transaction, they
 *       let a restarted worker skip exactly what was already counted ({@link #assign}): a span is skipped by its
 *       record's offset and its minute, never by its minute alone, so a backlog arriving after the live stream counts.
 * </ul>
 */
public final class TraceAggregator {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    /**
     * @param lateness how long after a minute ends spans for it are still taken
     * @param pairingWait how long a half waits for its partner; at most {@code lateness}
     * @param maxWaiting most halves waiting at once; beyond it the oldest is given up
     * @param horizon how far behind the watermark a span's minute may lie to be added as a correction; older ones are
     *     dropped as too old
     */
    public record Settings(Duration lateness, Duration pairingWait, int maxWaiting, Duration horizon) {
        public Settings {
            if (horizon.compareTo(lateness) < 0) {
                throw new IllegalArgumentException("the correction horizon must not be shorter than the lateness");
            }
            if (pairingWait.compareTo(lateness) > 0) {
                throw new IllegalArgumentException("pairing wait must not exceed the allowed lateness");
            }
            if (maxWaiting < 1) {
                throw new IllegalArgumentException("maxWaiting must be positive");
            }
        }
    }

    /**
     * What a flush hands to the writer. Empty windows and activities mean nothing closed.
     *
     * @param checkpoints per partition read since the assignment, to store with the windows
     * @param corrected the first and last minute of the windows written before that this flush adds to, or null
     * @param clusters by service, the clusters its spans named since the last flush
     * @param hourClusters by a service window's key ({@code TraceChanges.trafficKey}), the clusters that served the
     *     calls of its minutes
     */
    public record Flush(
            List<TrafficWindow> windows,
            List<EdgeActivity> activities,
            Instant flushedThrough,
            Map<Integer, TraceCheckpoint> checkpoints,
            Map<ServiceId, String> namespaces,
            Map<ServiceId, Set<String>> clusters,
            Map<String, Set<String>> hourClusters,
            Corrected corrected) {

        public boolean isEmpty() {
            return windows.isEmpty() && activities.isEmpty() && namespaces.isEmpty() && clusters.isEmpty();
        }
    }

    /** The minutes, first and last, of a flush's corrections. */
    public record Corrected(Instant first, Instant last) {}

    /**
     * Counts since start.
     *
     * @param spans spans counted, late ones included
     * @param lateCorrected spans for minutes already written, added to them as corrections
     * @param tooOld spans for minutes beyond the correction horizon, dropped
     * @param replaySkipped spans a checkpoint says were counted before
     * @param resolvedPeers unpaired caller halves counted on the edge to the instrumented service their peer names
     * @param virtualEdges unpaired caller halves counted on the edge to a virtual peer
     */
    public record Stats(
            long spans,
            long lateCorrected,
            long tooOld,
            long replaySkipped,
            long paired,
            long resolvedPeers,
            long virtualEdges,
            long unpaired,
            int waiting) {}

    private final Settings settings;
    private final PeerResolver peers;
    private final long latenessNanos;
    private final long pairingWaitNanos;
    private final long horizonNanos;

    /** The event-time watermark: the lowest of the active partitions' progress, never moving back. */
    private long watermark = Long.MIN_VALUE;

    /** The watermark at the last flush (or the assignment): minutes it had closed were written. */
    private long writtenThrough = Long.MIN_VALUE;

    /**
     * The clock live halves wait by: the lowest of the partitions' progress since the assignment. It is the watermark
     * but for the checkpoint's: after a restart the watermark starts where the checkpoint wrote through, which says
     * what was written, not how far the records read again have come. By it, a pair that met before the checkpoint in
     * a minute still open then, read again, gave up before the second partition delivered its other half (issue 21).
     */
    private long pairingClock = Long.MIN_VALUE;

    /**
     * Per partition, how far it has come: the latest of the earliest start of each record it delivered. By record, not
     * by span: a collector's batch may span more than the pairing wait, and the partners of its earliest spans may be
     * in the next record.
     */
    private final Map<Integer, Long> partitionMax = new HashMap<>();
    /** Per partition, the offset of the record being read and the earliest start in it so far. */
    private final Map<Integer, long[]> reading = new HashMap<>();
    /**
     * Per partition, how far its late spans have come: the latest of the earliest late start of each record. (By
     * record, not by span: a collector's batch may span more than the pairing wait, and the partners of its earliest
     * spans are in other records.) The clock of late halves is the lowest of them over the partitions that may still
     * deliver late spans: a partition that has delivered none yet holds it at its beginning, one read to its end for
     * now ({@link #caughtUp}) or idle does not hold it. Only late spans delivered since the assignment count: after a
     * restart a partition holds it until it has read again the late halves it had waiting. When no partition holds
     * it, it is {@link #lateProgress}, until the late stream is quiet ({@link #lateStreamQuiet}).
     */
    private final Map<Integer, Long> lateMax = new HashMap<>();
    /**
     * The latest of the earliest late start of each record delivered since the assignment, over all partitions: the
     * clock of late halves while every partition is read to its end for now. Read to its end as the last fetch said: a
     * partner produced just after a half, to another partition, may not have been fetched yet (LateTelemetryIT lost a
     * backlog record's ten calls when late halves gave up as soon as no partition held them).
     */
    private long lateProgress = Long.MIN_VALUE;
    /** No late span has come for a while and every partition is read to its end: waiting late halves give up. */
    private boolean lateQuiet;
    /** Per partition, the offset of the last record with late spans and the earliest of them, not yet in lateMax. */
    private final Map<Integer, long[]> lateRecord = new HashMap<>();

    private final Set<Integer> lateIdle = new HashSet<>();

    private final TreeMap<Long, MinuteState> open = new TreeMap<>();
    private final Map<HalfKey, Half> callers = new HashMap<>();
    private final Map<HalfKey, Half> callees = new HashMap<>();
    /**
     * Waiting halves by start time, so they give up in event-time order: in arrival order, a half of a partition read
     * behind the others would wait behind newer ones and miss its minute.
     */
    private final PriorityQueue<Half> waitingOrder =
            new PriorityQueue<>(Comparator.comparingLong((Half h) -> h.span.startNanos()));
    /** Late halves by start time; they give up by the late clock, not the watermark. */
    private final PriorityQueue<Half> lateOrder =
            new PriorityQueue<>(Comparator.comparingLong((Half h) -> h.span.startNanos()));

    /** Per partition, what its checkpoint says was counted before this assignment. */
    private final Map<Integer, List<Counted>> countedBefore = new HashMap<>();

    private final Map<Integer, Long> nextOffset = new HashMap<>();
    /** {@code service.namespace} of the services seen since the last flush, written with each flush. */
    private final Map<ServiceId, String> namespaces = new HashMap<>();
    /** {@code k8s.cluster.name} of the services seen since the last flush: recorded, never part of the identity. */
    private final Map<ServiceId, Set<String>> clusters = new HashMap<>();

    private long spans;
    private long lateCorrected;
    private long tooOld;
    private long replaySkipped;
    private long paired;
    private long resolvedPeers;
    private long virtualEdges;
    private long unpaired;

    /** With the default peer rules. */
    public TraceAggregator(Settings settings) {
        this(settings, new PeerResolver(PeerResolver.DEFAULT_RULES));
    }

    /** @param peers which instrumented service an unpaired caller's peer address names */
    public TraceAggregator(Settings settings, PeerResolver peers) {
        this.settings = settings;
        this.peers = peers;
        this.latenessNanos = settings.lateness().toNanos();
        this.pairingWaitNanos = settings.pairingWait().toNanos();
        this.horizonNanos = settings.horizon().toNanos();
    }

    /**
     * Starts over with the given partitions, forgetting everything in memory: they are then re-read from their
     * checkpoints. Until a partition delivers a span (or is reported idle) it holds the watermark where it is, so spans
     * of a partition read later are not taken as late. A partition with a checkpoint skips the spans its checkpoint
     * says were counted (a record below one of its offsets, of a minute closed at that one's watermark). The watermark
     * starts at the lowest checkpoint (none if a partition has none): partitions taken over from another worker may
     * have been written through less than this worker's own.
     */
    public void assign(Collection<Integer> partitions, Map<Integer, TraceCheckpoint> checkpoints) {
        reset();
        long lowest = Long.MAX_VALUE;
        for (int partition : partitions) {
            partitionMax.put(partition, Long.MIN_VALUE);
            TraceCheckpoint checkpoint = checkpoints.get(partition);
            if (checkpoint == null) {
                lowest = Long.MIN_VALUE;
            } else {
                countedBefore.put(partition, checkpoint.counted());
                lowest = Math.min(lowest, toNanos(checkpoint.flushedThrough()));
            }
        }
        watermark = partitions.isEmpty() ? Long.MIN_VALUE : lowest;
        writtenThrough = watermark;
    }

    /**
     * Services known to report spans of their own (their traffic is in the graph): an unpaired caller half whose peer
     * address names one is counted on the edge to it. Kept across assignments; services seen serving are added too.
     */
    public void instrumented(Collection<String> services) {
        peers.instrumented(services);
    }

    /** Forgets everything in memory, as when partitions are revoked. */
    public void reset() {
        watermark = Long.MIN_VALUE;
        writtenThrough = Long.MIN_VALUE;
        pairingClock = Long.MIN_VALUE;
        lateProgress = Long.MIN_VALUE;
        lateQuiet = false;
        open.clear();
        callers.clear();
        callees.clear();
        waitingOrder.clear();
        lateOrder.clear();
        countedBefore.clear();
        nextOffset.clear();
        partitionMax.clear();
        reading.clear();
        lateMax.clear();
        lateRecord.clear();
        lateIdle.clear();
        namespaces.clear();
        clusters.clear();
    }

    /**
     * A partition is read to its end: it no longer holds the watermark (nor the clock of late halves) back, until it
     * delivers again.
     */
    public void partitionIdle(int partition) {
        reading.remove(partition);
        lateMax.remove(partition);
        lateRecord.remove(partition);
        lateIdle.add(partition);
        if (partitionMax.remove(partition) != null) {
            advanceWatermark();
        }
    }

    /**
     * A partition has nothing left to read for now: until it delivers again it does not hold back late halves, which
     * otherwise wait for every partition to deliver late spans past them (their partners may be in any partition).
     */
    public void caughtUp(int partition) {
        lateIdle.add(partition);
    }

    /**
     * No late span has been delivered for a while and every partition is read to its end: at the next flush the late
     * halves still waiting give up, unless a late span comes before it. Without it, the last halves of a backlog read
     * beside a live stream that never goes quiet would wait for ever.
     */
    public void lateStreamQuiet() {
        lateQuiet = true;
    }

    /** A partition delivered a whole record whose earliest span started at {@code earliest}. */
    private void advance(int partition, long earliest) {
        Long max = partitionMax.get(partition);
        if (max == null || earliest > max) {
            partitionMax.put(partition, earliest);
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
            pairingClock = Math.max(pairingClock, min);
        }
    }

    public void add(SpanData span, int partition, long offset) {
        nextOffset.merge(partition, offset + 1, Math::max);
        lateIdle.remove(partition);
        long[] previous = reading.get(partition);
        if (previous != null && previous[0] != offset) {
            reading.remove(partition);
            advance(partition, previous[1]);
        }
        long minute = Math.floorDiv(span.startNanos(), MINUTE_NANOS);
        long minuteEnd = (minute + 1) * MINUTE_NANOS;
        Replay replay = replay(span, partition, offset, minuteEnd);
        if (replay != Replay.NEW) {
            replaySkipped++;
            if (replay == Replay.PENDING) {
                // Its own traffic was counted; its call was not, it was waiting for its partner.
                join(span, partition, offset, true);
            }
            return;
        }
        boolean late = watermark != Long.MIN_VALUE && minuteEnd + latenessNanos <= watermark;
        if (late) {
            if (minute * MINUTE_NANOS + horizonNanos < watermark) {
                tooOld++;
                return;
            }
            lateCorrected++;
            lateQuiet = false;
            long[] record = lateRecord.get(partition);
            if (record == null || record[0] != offset) {
                if (record != null) {
                    lateRecordRead(partition, record[1]);
                }
                lateRecord.put(partition, new long[] {offset, span.startNanos()});
            } else {
                record[1] = Math.min(record[1], span.startNanos());
            }
        }
        spans++;
        if (!span.namespace().isEmpty()) {
            namespaces.put(span.id(), span.namespace());
        }
        if (!span.cluster().isEmpty()) {
            clusters.computeIfAbsent(span.id(), k -> new TreeSet<>()).add(span.cluster());
        }
        long[] record = reading.get(partition);
        if (record == null) {
            reading.put(partition, new long[] {offset, span.startNanos()});
        } else {
            record[1] = Math.min(record[1], span.startNanos());
        }
        if (span.isCallee()) {
            peers.instrumented(span.service());
            Accumulator served =
                    minuteState(minute, partition, offset).traffic(new TrafficWindow.Subject.Service(span.id()));
            served.add(span.error(), span.durationMicros());
            if (!span.cluster().isEmpty()) {
                served.servedIn(span.cluster());
            }
        }
        join(span, partition, offset, late);
    }

    /** Pairs a half with its waiting partner, or makes it wait for one. */
    private void join(SpanData span, int partition, long offset, boolean late) {
        if (span.isCallee()) {
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
                        offset,
                        late);
            }
        } else if (span.isCaller()) {
            Half callee = callees.remove(new HalfKey(span.traceHi(), span.traceLo(), span.spanId()));
            if (callee != null) {
                callee.done = true;
                pairCallerWithCallee(span, partition, offset, callee);
            } else {
                wait(
                        callers,
                        new HalfKey(span.traceHi(), span.traceLo(), span.spanId()),
                        span,
                        partition,
                        offset,
                        late);
            }
        }
    }

    private void pair(Half caller, SpanData callee, int partition, long offset) {
        caller.done = true;
        if (!caller.span.id().equals(callee.id())) {
            edge(caller, callee.id(), false, callee.error()).offset(partition, offset);
            paired++;
        }
    }

    private void pairCallerWithCallee(SpanData caller, int partition, long offset, Half callee) {
        if (!caller.id().equals(callee.span.id())) {
            Half half = new Half(caller, partition, offset);
            edge(half, callee.span.id(), false, callee.span.error()).offset(callee.partition, callee.offset);
            paired++;
        }
    }

    /** Adds the caller's call to the edge's minute; returns the minute so the callee's offset can be noted too. */
    private MinuteState edge(Half caller, ServiceId target, boolean virtual, boolean calleeError) {
        SpanData c = caller.span;
        long minute = Math.floorDiv(c.startNanos(), MINUTE_NANOS);
        MinuteState state = minuteState(minute, caller.partition, caller.offset);
        state.traffic(new TrafficWindow.Subject.Edge(c.id(), target, c.edgeKind(), virtual))
                .add(c.error() || calleeError, c.durationMicros());
        return state;
    }

    private void wait(Map<HalfKey, Half> store, HalfKey key, SpanData span, int partition, long offset, boolean late) {
        Half half = new Half(span, partition, offset);
        half.early = pairingClock == Long.MIN_VALUE && partitionMax.size() > 1;
        half.key = key;
        half.store = store;
        Half previous = store.put(key, half);
        if (previous != null) {
            previous.done = true;
        }
        (late ? lateOrder : waitingOrder).add(half);
        while (callers.size() + callees.size() > settings.maxWaiting()) {
            giveUp(oldestWaiting().poll());
        }
    }

    /** The queue whose head started first. */
    private PriorityQueue<Half> oldestWaiting() {
        if (lateOrder.isEmpty()) {
            return waitingOrder;
        }
        if (waitingOrder.isEmpty()) {
            return lateOrder;
        }
        return lateOrder.peek().span.startNanos() <= waitingOrder.peek().span.startNanos() ? lateOrder : waitingOrder;
    }

    /**
     * A half that waited long enough: a caller naming a peer becomes an edge to it, the instrumented service the peer
     * names or else a virtual peer; anything else is unpaired. Its minute may be written already: then the edge is a
     * correction, as the half was taken within the horizon. A callee that gives up counts no call: its caller, if it
     * ever came, counted it.
     */
    private void giveUp(Half half) {
        if (half == null || half.done) {
            return;
        }
        half.done = true;
        half.store.remove(half.key, half);
        if (half.span.isCaller() && !half.span.peer().isEmpty()) {
            // A peer address naming an instrumented service is that service (by name, in the caller's environment); an
            // uninstrumented peer is known only from its caller: a virtual service in the caller's environment.
            String environment = half.span.id().environment();
            Optional<String> service = peers.resolve(half.span.peer());
            if (service.isEmpty()) {
                edge(half, new ServiceId(environment, half.span.peer()), true, false);
                virtualEdges++;
            } else if (!service.get().equals(half.span.id().name())) {
                edge(half, new ServiceId(environment, service.get()), false, false);
                resolvedPeers++;
            }
            return;
        }
        unpaired++;
    }

    private enum Replay {
        /** Not counted before. */
        NEW,
        /** Counted before. */
        COUNTED,
        /** A late half that was waiting for its partner: its own traffic was counted, its call not. */
        PENDING
    }

    /** What the partition's checkpoint says of a span: counted before this assignment, waiting then, or new. */
    private Replay replay(SpanData span, int partition, long offset, long minuteEnd) {
        Replay replay = Replay.NEW;
        for (Counted c : countedBefore.getOrDefault(partition, List.of())) {
            if (offset < c.below() && minuteEnd + latenessNanos <= toNanos(c.through())) {
                // By its span id alone in checkpoints written before halves were told apart by trace too.
                if (!c.pending().contains(new Pending(offset, halfId(span)))
                        && !c.pending().contains(new Pending(offset, span.spanId()))) {
                    return Replay.COUNTED;
                }
                replay = Replay.PENDING;
            }
        }
        return replay;
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
        // Flushes come between polls: the last records read are complete.
        Map.copyOf(reading).forEach((p, record) -> advance(p, record[1]));
        reading.clear();
        lateRecord.forEach((p, record) -> lateRecordRead(p, record[1]));
        lateRecord.clear();
        giveUpBefore(waitingOrder, pairingClock, idle);
        giveUpBefore(lateOrder, lateClock(), idle);
        lateQuiet = false;
        if (idle && !open.isEmpty()) {
            watermark = Math.max(watermark, (open.lastKey() + 1) * MINUTE_NANOS + latenessNanos);
        }
        Map<String, TrafficWindow> windows = new LinkedHashMap<>();
        Map<String, Set<String>> hourClusters = new HashMap<>();
        Map<TrafficWindow.Subject.Edge, Instant[]> activity = new LinkedHashMap<>();
        List<EdgeActivity> activities = new ArrayList<>();
        Instant[] corrected = null;
        Iterator<Map.Entry<Long, MinuteState>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, MinuteState> e = it.next();
            long minute = e.getKey();
            if ((minute + 1) * MINUTE_NANOS + latenessNanos > watermark) {
                break;
            }
            Instant start = Instant.ofEpochSecond(minute * 60);
            if ((minute + 1) * MINUTE_NANOS + latenessNanos <= writtenThrough) {
                corrected = corrected == null ? new Instant[] {start, start} : new Instant[] {corrected[0], start};
            }
            Instant hour = TrafficWindow.hourOf(start);
            int index = (int) ((minute * 60 - hour.getEpochSecond()) / 60);
            e.getValue().traffic.forEach((subject, acc) -> {
                TrafficWindow w =
                        windows.computeIfAbsent(subject + "@" + hour, k -> TrafficWindow.empty(subject, hour));
                w.addMinute(index, acc.calls, acc.errors, acc.durationMicros, acc.latency);
                if (acc.clusters != null) {
                    hourClusters
                            .computeIfAbsent(TraceChanges.trafficKey(w), k -> new TreeSet<>())
                            .addAll(acc.clusters);
                }
                if (subject instanceof TrafficWindow.Subject.Edge edge) {
                    // Minutes come in order; a gap (corrections of an earlier hour, say) starts a new run.
                    Instant[] run = activity.get(edge);
                    if (run != null && run[1].plusSeconds(60).isBefore(start)) {
                        activities.add(new EdgeActivity(edge, run[0], run[1]));
                        run = null;
                    }
                    if (run == null) {
                        activity.put(edge, new Instant[] {start, start});
                    } else {
                        run[1] = start;
                    }
                }
            });
            it.remove();
        }
        activity.forEach((edge, span) -> activities.add(new EdgeActivity(edge, span[0], span[1])));
        Map<ServiceId, String> namespacesSeen = Map.copyOf(namespaces);
        namespaces.clear();
        Map<ServiceId, Set<String>> clustersSeen = new HashMap<>();
        clusters.forEach((service, names) -> clustersSeen.put(service, Set.copyOf(names)));
        clusters.clear();
        Instant through = watermark == Long.MIN_VALUE ? Instant.EPOCH : toInstant(watermark);
        writtenThrough = watermark;
        return new Flush(
                List.copyOf(windows.values()),
                activities,
                through,
                checkpoints(through),
                namespacesSeen,
                clustersSeen,
                hourClusters,
                corrected == null ? null : new Corrected(corrected[0], corrected[1]));
    }

    /** A partition delivered a whole record whose earliest late span started at {@code earliest}. */
    private void lateRecordRead(int partition, long earliest) {
        lateMax.merge(partition, earliest, Math::max);
        lateProgress = Math.max(lateProgress, earliest);
    }

    /**
     * The clock late halves wait by: the lowest progress of late spans over the partitions that may still deliver
     * some; when none may, as the last fetch says, how far late spans have come over all of them, and once the late
     * stream is quiet, past every half.
     */
    private long lateClock() {
        Set<Integer> partitions = new HashSet<>(nextOffset.keySet());
        partitions.addAll(partitionMax.keySet());
        partitions.addAll(lateMax.keySet());
        partitions.removeAll(lateIdle);
        if (partitions.isEmpty()) {
            return lateQuiet ? Long.MAX_VALUE : lateProgress;
        }
        long clock = Long.MAX_VALUE;
        for (int p : partitions) {
            clock = Math.min(clock, lateMax.getOrDefault(p, Long.MIN_VALUE));
        }
        return clock;
    }

    private void giveUpBefore(PriorityQueue<Half> queue, long clock, boolean idle) {
        while (!queue.isEmpty()) {
            Half head = queue.peek();
            if (!head.done && head.span.startNanos() + pairingWaitNanos >= clock && !idle) {
                break;
            }
            queue.poll();
            if (queue == waitingOrder
                    && !idle
                    && !head.done
                    && (head.early || !lateMax.isEmpty())
                    && closed(head.span, watermark)) {
                // Taken before the watermark jumped past it (a partition read a backlog before another had delivered
                // anything, or while late spans flow): its partner, if any, comes late, as a late half's does. It
                // waits as one.
                lateOrder.add(head);
            } else {
                giveUp(head);
            }
        }
    }

    private boolean closed(SpanData span, long watermark) {
        return (Math.floorDiv(span.startNanos(), MINUTE_NANOS) + 1) * MINUTE_NANOS + latenessNanos <= watermark;
    }

    /**
     * Per partition read since the assignment: where to resume (the lowest offset still needed by an open minute or a
     * waiting half, else the next offset), and what is counted once the flush is written: every span read of a minute
     * closed now was counted in this flush or before it, but the late halves still waiting; and what the checkpoint
     * said before still holds.
     */
    private Map<Integer, TraceCheckpoint> checkpoints(Instant through) {
        Map<Integer, Long> resume = new HashMap<>(nextOffset);
        for (MinuteState state : open.values()) {
            state.minOffset.forEach((p, o) -> resume.merge(p, o, Math::min));
        }
        Map<Integer, Set<Pending>> pending = new HashMap<>();
        for (Half h : waitingOrder) {
            if (!h.done) {
                resume.merge(h.partition, h.offset, Math::min);
            }
        }
        for (Half h : lateOrder) {
            if (!h.done) {
                resume.merge(h.partition, h.offset, Math::min);
                pending.computeIfAbsent(h.partition, p -> new HashSet<>()).add(new Pending(h.offset, halfId(h.span)));
            }
        }
        Map<Integer, TraceCheckpoint> checkpoints = new HashMap<>();
        nextOffset.forEach((partition, next) -> {
            Counted now = new Counted(next, through, pending.getOrDefault(partition, Set.of()));
            List<Counted> counted = new ArrayList<>(List.of(now));
            for (Counted before : countedBefore.getOrDefault(partition, List.of())) {
                if (!now.covers(before)) {
                    counted.add(before);
                }
            }
            checkpoints.put(partition, new TraceCheckpoint(resume.get(partition), through, counted));
        });
        return checkpoints;
    }

    public boolean hasOpenWork() {
        return !open.isEmpty() || !callers.isEmpty() || !callees.isEmpty();
    }

    public Stats stats() {
        return new Stats(
                spans,
                lateCorrected,
                tooOld,
                replaySkipped,
                paired,
                resolvedPeers,
                virtualEdges,
                unpaired,
                callers.size() + callees.size());
    }

    /**
     * A half's id within its record: span ids are unique within a trace only, and a record holds many traces (by span
     * id alone, a half counted before a restart was counted again for sharing it with a pending one).
     */
    private static long halfId(SpanData span) {
        return span.spanId() ^ span.traceLo() * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(span.traceHi(), 31);
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
        /** Taken before every one of several partitions had delivered since the assignment. */
        boolean early;

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
        /** The clusters ({@code k8s.cluster.name}) of the spans a service served, for its hour node; null when none. */
        Set<String> clusters;

        void servedIn(String cluster) {
            if (clusters == null) {
                clusters = new TreeSet<>();
            }
            clusters.add(cluster);
        }

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
