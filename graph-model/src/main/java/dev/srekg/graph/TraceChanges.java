package dev.srekg.graph;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pure mapping from trace aggregates to graph changes. */
public final class TraceChanges {

    private TraceChanges() {}

    /** Adds a window's traffic to the stored hour. */
    public static GraphChange of(TrafficWindow w, Instant recordedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("hour", utc(w.hour()));
        row.put("first", utc(firstMinute(w)));
        row.put("recordedAt", utc(recordedAt));
        row.put("calls", w.calls());
        row.put("errors", w.errors());
        row.put("durationMicros", w.durationMicros());
        row.put("latency", w.latency());
        row.put("callsTotal", Arrays.stream(w.calls()).sum());
        row.put("errorsTotal", Arrays.stream(w.errors()).sum());
        row.put("durationMicrosTotal", Arrays.stream(w.durationMicros()).sum());
        row.put("latencyTotal", latencyTotal(w.latency()));
        if (w.subject() instanceof TrafficWindow.Subject.Service s) {
            row.put("key", s.name() + "|" + w.hour());
            row.put("service", s.name());
            return new GraphChange(WriteStatement.SERVICE_HOUR, s.name() + "|" + w.hour(), row);
        }
        TrafficWindow.Subject.Edge e = (TrafficWindow.Subject.Edge) w.subject();
        String key = edgeKey(e) + "|" + w.hour();
        row.put("key", key);
        row.put("source", e.source());
        row.put("target", e.target());
        row.put("kind", e.kind());
        return new GraphChange(WriteStatement.EDGE_HOUR, key, row);
    }

    /** Extends or opens the edge's validity interval. */
    public static GraphChange of(EdgeActivity a, Duration idleTimeout, Instant recordedAt) {
        TrafficWindow.Subject.Edge e = a.edge();
        return new GraphChange(
                WriteStatement.EDGE_ACTIVITY,
                e.source() + "|" + e.target() + "|" + e.kind(),
                row(
                        "source", e.source(),
                        "target", e.target(),
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

    /** Records where a partition's trace worker resumes and through which event time it has flushed. */
    public static GraphChange checkpoint(String topic, int partition, long offset, Instant flushedThrough) {
        return new GraphChange(
                WriteStatement.TRACE_CHECKPOINT,
                topic + "/" + partition,
                row(
                        "key", checkpointKey(topic, partition),
                        "topic", topic,
                        "partition", partition,
                        "offset", offset,
                        "flushedThrough", utc(flushedThrough)));
    }

    public static String checkpointKey(String topic, int partition) {
        return topic + "/" + partition;
    }

    private static String edgeKey(TrafficWindow.Subject.Edge e) {
        return e.source() + "|" + e.target() + "|" + e.kind();
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

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
