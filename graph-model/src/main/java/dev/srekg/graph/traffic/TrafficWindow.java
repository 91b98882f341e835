package dev.srekg.graph.traffic;

import dev.srekg.graph.change.Require;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Traffic of one service or one dependency edge during one hour, per minute: calls, errors, summed duration and a
 * latency histogram per minute. Stored as one node per subject and hour ({@code ServiceHour}, {@code EdgeHour}) with
 * arrays of 60 minute values, which keeps the record count low and "before versus after" reads fast.
 *
 * <p>Values are increments: the writer adds them to what is stored, which the trace checkpoint makes exactly-once.
 *
 * @param subject the service, or the edge as source, target and kind
 * @param hour start of the hour (UTC)
 * @param calls calls per minute (60)
 * @param errors errors per minute (60)
 * @param durationMicros summed duration per minute in microseconds (60)
 * @param latency histogram per minute, {@link Latency#BUCKETS} counts per minute, minute after minute
 */
public record TrafficWindow(
        Subject subject, Instant hour, long[] calls, long[] errors, long[] durationMicros, long[] latency) {

    public static final int MINUTES = 60;

    /** What the traffic is of. */
    public sealed interface Subject {
        /** Traffic handled by a service (its SERVER and CONSUMER spans). */
        record Service(ServiceId id) implements Subject {
            public Service {
                Objects.requireNonNull(id, "id");
            }
        }

        /**
         * Traffic from one service to another, as the caller saw it. The two may be in different environments: a
         * staging service calling a shared prod one is an edge between the two identities.
         *
         * @param kind CALL (client/server) or MESSAGE (producer/consumer)
         * @param virtualTarget whether the target is an uninstrumented peer known only from the caller's attributes
         */
        record Edge(ServiceId source, ServiceId target, String kind, boolean virtualTarget) implements Subject {
            public Edge {
                Objects.requireNonNull(source, "source");
                Objects.requireNonNull(target, "target");
                kind = Require.text(kind, "kind");
            }
        }
    }

    public TrafficWindow {
        Objects.requireNonNull(subject, "subject");
        if (!hour.equals(hourOf(hour))) {
            throw new IllegalArgumentException("hour must start an hour: " + hour);
        }
        check(calls, MINUTES, "calls");
        check(errors, MINUTES, "errors");
        check(durationMicros, MINUTES, "durationMicros");
        check(latency, MINUTES * Latency.BUCKETS, "latency");
    }

    /** An empty window to add minutes to. */
    public static TrafficWindow empty(Subject subject, Instant hour) {
        return new TrafficWindow(
                subject,
                hour,
                new long[MINUTES],
                new long[MINUTES],
                new long[MINUTES],
                new long[MINUTES * Latency.BUCKETS]);
    }

    /** Adds a minute's totals: calls, errors, summed duration and latency histogram. */
    public void addMinute(int minute, long calls, long errors, long durationMicros, long[] latencyBuckets) {
        if (minute < 0 || minute >= MINUTES || latencyBuckets.length != Latency.BUCKETS) {
            throw new IllegalArgumentException("minute must be within 0..59 and buckets " + Latency.BUCKETS);
        }
        this.calls[minute] += calls;
        this.errors[minute] += errors;
        this.durationMicros[minute] += durationMicros;
        for (int b = 0; b < Latency.BUCKETS; b++) {
            latency[minute * Latency.BUCKETS + b] += latencyBuckets[b];
        }
    }

    public static Instant hourOf(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 3600) * 3600);
    }

    private static void check(long[] values, int length, String name) {
        if (values == null || values.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficWindow w
                && w.subject.equals(subject)
                && w.hour.equals(hour)
                && Arrays.equals(w.calls, calls)
                && Arrays.equals(w.errors, errors)
                && Arrays.equals(w.durationMicros, durationMicros)
                && Arrays.equals(w.latency, latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, hour, Arrays.hashCode(calls));
    }

    @Override
    public String toString() {
        return "TrafficWindow[" + subject + " " + hour + " calls="
                + Arrays.stream(calls).sum() + " errors="
                + Arrays.stream(errors).sum() + "]";
    }
}
