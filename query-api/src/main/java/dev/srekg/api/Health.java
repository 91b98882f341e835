package dev.srekg.api;

import dev.srekg.graph.Latency;
import dev.srekg.graph.TrafficWindow;
import java.time.Instant;
import java.util.List;

/**
 * Traffic of a service or an edge over an interval, from the minute arrays of its hour nodes.
 *
 * @param calls calls in the interval
 * @param errors errors in the interval
 * @param errorRate errors per call, 0 without calls
 * @param p99Ms 99th percentile latency in milliseconds, 0 without calls
 */
record Health(long calls, long errors, double errorRate, double p99Ms) {

    static final Health NONE = new Health(0, 0, 0, 0);

    /** One stored hour: its start and minute arrays (null arrays when only totals are kept). */
    record Hour(Instant hour, List<Long> calls, List<Long> errors, List<Long> latency) {}

    /** Sums the minutes in {@code [from, to)} of the hours. */
    static Health of(List<Hour> hours, Instant from, Instant to) {
        long calls = 0;
        long errors = 0;
        long[] buckets = new long[Latency.BUCKETS];
        for (Hour h : hours) {
            if (h.calls() == null) {
                continue;
            }
            for (int m = 0; m < TrafficWindow.MINUTES; m++) {
                Instant minute = h.hour().plusSeconds(60L * m);
                if (minute.isBefore(from) || !minute.isBefore(to)) {
                    continue;
                }
                calls += h.calls().get(m);
                errors += h.errors().get(m);
                for (int b = 0; b < Latency.BUCKETS; b++) {
                    buckets[b] += h.latency().get(m * Latency.BUCKETS + b);
                }
            }
        }
        if (calls == 0) {
            return NONE;
        }
        return new Health(calls, errors, (double) errors / calls, Latency.percentileMs(buckets, 0.99));
    }
}
