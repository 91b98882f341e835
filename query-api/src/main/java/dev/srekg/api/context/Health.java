package dev.srekg.api.context;

import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Instant;
import java.util.List;

/**
 * Traffic of a service or an edge over an interval, from the minute arrays of its hour nodes.
 *
 * @param calls calls in the interval
 * @param errors errors in the interval
 * @param errorRate errors per call, 0 without calls
 * @param p99Ms 99th percentile latency in milliseconds, 0 without calls
 * @param tailMs the latency that at least {@link #TAIL_CALLS} of the calls reached: the p99 once there are 300 calls
 *     or more, a lower quantile below that, so that one slow call among a few dozen does not read as a latency shift;
 *     0 with fewer calls
 */
public record Health(long calls, long errors, double errorRate, double p99Ms, double tailMs) {

    static final Health NONE = new Health(0, 0, 0, 0, 0);

    /** How many calls must reach a latency before {@link #tailMs} reports it. */
    static final int TAIL_CALLS = 3;

    /** The quantile {@link #tailMs} reads over {@code calls} calls, or 0 when there are too few. */
    static double tailQuantile(long calls) {
        return calls < TAIL_CALLS ? 0 : Math.min(0.99, (double) (calls - TAIL_CALLS + 1) / calls);
    }

    /** One stored hour: its start and minute arrays (null arrays when only totals are kept). */
    record Hour(Instant hour, long[] calls, long[] errors, long[] latency) {}

    /**
     * The minutes of one service or edge over consecutive hours as running sums, so that the health of any interval
     * is read in constant time: ranking asks for several intervals of every change near a breach, hundreds to
     * thousands per context. Missing hours and hours kept only as totals count as no calls.
     */
    static final class Series {

        static final Series EMPTY = new Series(0, 0, new long[1], new long[1], new long[Latency.BUCKETS]);

        private static final long MINUTE_NANOS = 60_000_000_000L;

        private final long startSecond;
        private final int minutes;
        /** Running sums: element {@code m} holds the sum of the minutes before minute {@code m}. */
        private final long[] calls;

        private final long[] errors;
        private final long[] latency;

        private Series(long startSecond, int minutes, long[] calls, long[] errors, long[] latency) {
            this.startSecond = startSecond;
            this.minutes = minutes;
            this.calls = calls;
            this.errors = errors;
            this.latency = latency;
        }

        static Series of(List<Hour> hours) {
            if (hours.isEmpty()) {
                return EMPTY;
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Hour h : hours) {
                first = Math.min(first, h.hour().getEpochSecond());
                last = Math.max(last, h.hour().getEpochSecond());
            }
            int minutes = (int) ((last - first) / 60) + TrafficWindow.MINUTES;
            long[] calls = new long[minutes + 1];
            long[] errors = new long[minutes + 1];
            long[] latency = new long[(minutes + 1) * Latency.BUCKETS];
            for (Hour h : hours) {
                if (h.calls() == null) {
                    continue;
                }
                int offset = (int) ((h.hour().getEpochSecond() - first) / 60);
                for (int m = 0; m < TrafficWindow.MINUTES; m++) {
                    calls[offset + m + 1] += h.calls()[m];
                    errors[offset + m + 1] += h.errors()[m];
                    for (int b = 0; b < Latency.BUCKETS; b++) {
                        latency[(offset + m + 1) * Latency.BUCKETS + b] += h.latency()[m * Latency.BUCKETS + b];
                    }
                }
            }
            for (int m = 1; m <= minutes; m++) {
                calls[m] += calls[m - 1];
                errors[m] += errors[m - 1];
                for (int b = 0; b < Latency.BUCKETS; b++) {
                    latency[m * Latency.BUCKETS + b] += latency[(m - 1) * Latency.BUCKETS + b];
                }
            }
            return new Series(first, minutes, calls, errors, latency);
        }

        /** The minutes starting in {@code [from, to)}. */
        Health between(Instant from, Instant to) {
            int a = firstMinuteAtOrAfter(from);
            int b = firstMinuteAtOrAfter(to);
            if (b <= a || calls[b] == calls[a]) {
                return NONE;
            }
            long n = calls[b] - calls[a];
            long e = errors[b] - errors[a];
            long[] buckets = new long[Latency.BUCKETS];
            for (int i = 0; i < Latency.BUCKETS; i++) {
                buckets[i] = latency[b * Latency.BUCKETS + i] - latency[a * Latency.BUCKETS + i];
            }
            double tail = tailQuantile(n);
            return new Health(
                    n,
                    e,
                    (double) e / n,
                    Latency.percentileMs(buckets, 0.99),
                    tail == 0 ? 0 : Latency.percentileMs(buckets, tail));
        }

        /** Index of the first minute starting at or after {@code t}, within {@code [0, minutes]}. */
        private int firstMinuteAtOrAfter(Instant t) {
            long seconds = t.getEpochSecond() - startSecond;
            if (seconds < 0) {
                return 0;
            }
            if (seconds >= 60L * minutes) {
                return minutes;
            }
            long nanos = seconds * 1_000_000_000L + t.getNano();
            long index = -Math.floorDiv(-nanos, MINUTE_NANOS);
            return (int) Math.max(0, Math.min(minutes, index));
        }
    }
}
