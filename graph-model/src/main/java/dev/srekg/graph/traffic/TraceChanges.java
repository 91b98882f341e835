package dev.srekg.graph.traffic;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The pure mapping from trace aggregates to graph changes. */
public final class TraceChanges {

    private TraceChanges() {}

    /** The identity fields of a window's hour node, to lock and read it with {@link TrafficStatements}. */
    public static Map<String, Object> trafficKeyRow(TrafficWindow w, Instant recordedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", trafficKey(w));
        row.put("hour", utc(w.hour()));
        row.put("recordedAt", utc(recordedAt));
        if (w.subject() instanceof TrafficWindow.Subject.Service s) {
            row.put("service", s.id().name());
            row.put("environment", s.id().environment());
        } else {
            TrafficWindow.Subject.Edge e = (TrafficWindow.Subject.Edge) w.subject();
            row.put("source", e.source().name());
            row.put("sourceEnvironment", e.source().environment());
            row.put("target", e.target().name());
            row.put("targetEnvironment", e.target().environment());
            row.put("kind", e.kind());
        }
        return row;
    }

    /** The key of a window's hour node: the identities ({@link ServiceId#render()}) of its subject and the hour. */
    public static String trafficKey(TrafficWindow w) {
        if (w.subject() instanceof TrafficWindow.Subject.Service s) {
            return s.id().render() + "|" + w.hour();
        }
        return edgeKey((TrafficWindow.Subject.Edge) w.subject()) + "|" + w.hour();
    }

    /**
     * The values to store: the stored hour plus the window. Minute arrays that retention dropped stay dropped; the
     * hour totals always add up.
     *
     * @param delta the window to add
     * @param stored what {@link TrafficStatements#lockAndRead} returned for the hour (null values for a new hour)
     */
    public static Map<String, Object> added(TrafficWindow delta, Map<String, Object> stored) {
        boolean fresh = stored.get("callsTotal") == null;
        boolean minutesKept = fresh || stored.get("calls") != null;
        Map<String, Object> values = new LinkedHashMap<>();
        if (minutesKept) {
            values.put("calls", sum(stored.get("calls"), delta.calls()));
            values.put("errors", sum(stored.get("errors"), delta.errors()));
            values.put("durationMicros", sum(stored.get("durationMicros"), delta.durationMicros()));
            long[] latency = delta.latency().clone();
            long[] before = Latency.unpackStored(stored.get("latency"), latency.length);
            for (int i = 0; before != null && i < latency.length; i++) {
                latency[i] += before[i];
            }
            values.put("latency", Latency.pack(latency));
        }
        values.put(
                "callsTotal",
                number(stored.get("callsTotal")) + Arrays.stream(delta.calls()).sum());
        values.put(
                "errorsTotal",
                number(stored.get("errorsTotal"))
                        + Arrays.stream(delta.errors()).sum());
        values.put(
                "durationMicrosTotal",
                number(stored.get("durationMicrosTotal"))
                        + Arrays.stream(delta.durationMicros()).sum());
        values.put("latencyTotal", sum(stored.get("latencyTotal"), latencyTotal(delta.latency())));
        return values;
    }

    /** A service that handled traffic in the window. */
    public static GraphChange serviceActive(TrafficWindow w, Instant recordedAt) {
        ServiceId s = ((TrafficWindow.Subject.Service) w.subject()).id();
        return serviceChange(WriteStatement.SERVICE_ACTIVE, s, recordedAt, "first", utc(firstMinute(w)));
    }

    /** The namespace a service's spans name. */
    public static GraphChange serviceNamespace(ServiceId service, String namespace, Instant recordedAt) {
        return serviceChange(WriteStatement.SERVICE_NAMESPACE, service, recordedAt, "namespace", namespace);
    }

    /** Kubernetes clusters a service's spans name ({@code k8s.cluster.name}), added to its {@code clusters}. */
    public static GraphChange serviceClusters(ServiceId service, Set<String> clusters, Instant recordedAt) {
        return serviceChange(
                WriteStatement.SERVICE_CLUSTERS, service, recordedAt, "clusters", List.copyOf(new TreeSet<>(clusters)));
    }

    /**
     * The clusters a service's spans named, added to the {@code clusters} of its hour node of the window: the cluster
     * is recorded on the traffic it served, and never splits the service.
     */
    public static GraphChange serviceHourClusters(TrafficWindow w, Set<String> clusters) {
        return new GraphChange(
                WriteStatement.SERVICE_HOUR_CLUSTERS,
                trafficKey(w),
                row("key", trafficKey(w), "clusters", List.copyOf(new TreeSet<>(clusters))));
    }

    /** The row of a statement about one service: its identity, the record time and one value. */
    private static GraphChange serviceChange(
            WriteStatement statement, ServiceId service, Instant recordedAt, String field, Object value) {
        return new GraphChange(
                statement,
                service.render(),
                row(
                        "service",
                        service.name(),
                        "environment",
                        service.environment(),
                        field,
                        value,
                        "recordedAt",
                        utc(recordedAt)));
    }

    private static long[] sum(Object stored, long[] delta) {
        long[] result = delta.clone();
        if (stored instanceof List<?> list) {
            for (int i = 0; i < Math.min(list.size(), result.length); i++) {
                result[i] += ((Number) list.get(i)).longValue();
            }
        }
        return result;
    }

    private static long number(Object stored) {
        return stored instanceof Number n ? n.longValue() : 0;
    }

    /** Extends or opens the edge's validity interval. */
    public static GraphChange of(EdgeActivity a, Duration idleTimeout, Instant recordedAt) {
        TrafficWindow.Subject.Edge e = a.edge();
        return new GraphChange(
                WriteStatement.EDGE_ACTIVITY,
                edgeKey(e),
                row(
                        "source", e.source().name(),
                        "sourceEnvironment", e.source().environment(),
                        "target", e.target().name(),
                        "targetEnvironment", e.target().environment(),
                        "kind", e.kind(),
                        "virtualTarget", e.virtualTarget(),
                        "first", utc(a.first()),
                        "last", utc(a.last()),
                        "idle", idleTimeout,
                        "recordedAt", utc(recordedAt)));
    }

    /** Closes every edge interval last seen before {@code closeBefore}. */
    public static GraphChange closeIdleEdges(Instant closeBefore) {
        return new GraphChange(WriteStatement.CLOSE_IDLE_EDGES, "", row("closeBefore", utc(closeBefore)));
    }

    /**
     * Applies the retention policy.
     *
     * @param minutesBefore hours before this keep only their totals
     * @param hoursBefore hours before this are deleted; null keeps them
     */
    public static GraphChange downsample(Instant minutesBefore, Instant hoursBefore) {
        return new GraphChange(
                WriteStatement.DOWNSAMPLE_TRAFFIC,
                "",
                row("minutesBefore", utc(minutesBefore), "hoursBefore", hoursBefore == null ? null : utc(hoursBefore)));
    }

    /**
     * Records where a partition's trace worker resumes and what it has counted. What is counted is stored flat: the
     * i-th claim is {@code countedBelow[i]}, {@code countedThrough[i]}, and its pending halves are those whose
     * {@code pendingOf} is i.
     *
     * @param flush an id of the flush, the same on every attempt to write it: a retry finds it and writes nothing
     */
    public static GraphChange checkpoint(String topic, int partition, TraceCheckpoint checkpoint, String flush) {
        List<Long> below = new ArrayList<>();
        List<Object> through = new ArrayList<>();
        List<Long> pendingOf = new ArrayList<>();
        List<Long> pendingOffset = new ArrayList<>();
        List<Long> pendingSpan = new ArrayList<>();
        for (TraceCheckpoint.Counted c : checkpoint.counted()) {
            long index = below.size();
            below.add(c.below());
            through.add(utc(c.through()));
            c.pending().stream()
                    .sorted(Comparator.comparingLong(TraceCheckpoint.Pending::offset)
                            .thenComparingLong(TraceCheckpoint.Pending::spanId))
                    .forEach(p -> {
                        pendingOf.add(index);
                        pendingOffset.add(p.offset());
                        pendingSpan.add(p.spanId());
                    });
        }
        Map<String, Object> row = row(
                "key", checkpointKey(topic, partition),
                "topic", topic,
                "partition", partition,
                "offset", checkpoint.offset(),
                "flushedThrough", utc(checkpoint.flushedThrough()),
                "flush", flush,
                "countedBelow", below,
                "countedThrough", through,
                "pendingOf", pendingOf,
                "pendingOffset", pendingOffset,
                "pendingSpan", pendingSpan);
        return new GraphChange(WriteStatement.TRACE_CHECKPOINT, topic + "/" + partition, row);
    }

    /**
     * A checkpoint as {@link #checkpoint} stored it. One written before claims were stored counts every span of a
     * minute closed at its watermark, whatever its offset, as it did then.
     */
    public static TraceCheckpoint checkpointOf(
            long offset,
            Instant flushedThrough,
            List<Long> countedBelow,
            List<Instant> countedThrough,
            List<Long> pendingOf,
            List<Long> pendingOffset,
            List<Long> pendingSpan) {
        if (countedBelow == null || countedBelow.isEmpty()) {
            return new TraceCheckpoint(
                    offset,
                    flushedThrough,
                    List.of(new TraceCheckpoint.Counted(Long.MAX_VALUE, flushedThrough, Set.of())));
        }
        List<Set<TraceCheckpoint.Pending>> pending = new ArrayList<>();
        countedBelow.forEach(b -> pending.add(new HashSet<>()));
        for (int i = 0; i < pendingOf.size(); i++) {
            pending.get(pendingOf.get(i).intValue())
                    .add(new TraceCheckpoint.Pending(pendingOffset.get(i), pendingSpan.get(i)));
        }
        List<TraceCheckpoint.Counted> counted = new ArrayList<>();
        for (int i = 0; i < countedBelow.size(); i++) {
            counted.add(new TraceCheckpoint.Counted(countedBelow.get(i), countedThrough.get(i), pending.get(i)));
        }
        return new TraceCheckpoint(offset, flushedThrough, counted);
    }

    /**
     * Notes on a partition's checkpoint that a flush added to minutes written before ({@code first} to {@code last}),
     * at {@code recordedAt}: incidents whose window they fall in recompute their context. The last 32 are kept.
     */
    public static GraphChange corrected(String topic, int partition, Instant first, Instant last, Instant recordedAt) {
        return new GraphChange(
                WriteStatement.TRAFFIC_CORRECTED,
                topic + "/" + partition,
                row(
                        "key", checkpointKey(topic, partition),
                        "first", utc(first),
                        "last", utc(last),
                        "recordedAt", utc(recordedAt)));
    }

    public static String checkpointKey(String topic, int partition) {
        return topic + "/" + partition;
    }

    private static String edgeKey(TrafficWindow.Subject.Edge e) {
        return e.source().render() + "|" + e.target().render() + "|" + e.kind();
    }

    private static Instant firstMinute(TrafficWindow w) {
        for (int i = 0; i < TrafficWindow.MINUTES; i++) {
            if (w.calls()[i] > 0) {
                return w.hour().plusSeconds(60L * i);
            }
        }
        return w.hour();
    }

    private static long[] latencyTotal(long[] perMinute) {
        long[] total = new long[Latency.BUCKETS];
        for (int i = 0; i < perMinute.length; i++) {
            total[i % Latency.BUCKETS] += perMinute[i];
        }
        return total;
    }
}
