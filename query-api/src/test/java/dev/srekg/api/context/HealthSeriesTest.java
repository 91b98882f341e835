package dev.srekg.api.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The health of an interval read from running sums equals the sum of its minutes. */
class HealthSeriesTest {

    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void anyIntervalSumsTheMinutesStartingInIt() {
        Random random = new Random(5);
        // Hours 0, 1 and 3 stored (2 missing), hour 4 kept only as totals.
        List<Health.Hour> hours = new ArrayList<>();
        for (int h : new int[] {0, 1, 3}) {
            hours.add(hour(h, random));
        }
        hours.add(new Health.Hour(HOUR.plusSeconds(4 * 3600), null, null, null));
        Health.Series series = Health.Series.of(hours);

        for (int i = 0; i < 2000; i++) {
            Instant from = HOUR.plusMillis(random.nextInt(6 * 3600_000) - 3600_000);
            Instant to = from.plusMillis(random.nextInt(3 * 3600_000));
            assertThat(series.between(from, to)).as("[%s, %s)", from, to).isEqualTo(naive(hours, from, to));
        }
    }

    @Test
    void minuteBoundariesBelongToTheMinuteStartingThere() {
        Health.Hour hour = hour(0, new Random(1));
        Health.Series series = Health.Series.of(List.of(hour));

        Health third = series.between(HOUR.plusSeconds(120), HOUR.plusSeconds(180));
        Health fromJustAfter = series.between(HOUR.plusSeconds(120).plusNanos(1), HOUR.plusSeconds(181));

        assertThat(third.calls()).isEqualTo(hour.calls()[2]);
        assertThat(fromJustAfter.calls()).isEqualTo(hour.calls()[3]);
        assertThat(Health.Series.EMPTY.between(HOUR, HOUR.plusSeconds(3600))).isEqualTo(Health.NONE);
    }

    private static Health.Hour hour(int h, Random random) {
        long[] calls = new long[TrafficWindow.MINUTES];
        long[] errors = new long[TrafficWindow.MINUTES];
        long[] latency = new long[TrafficWindow.MINUTES * Latency.BUCKETS];
        for (int m = 0; m < TrafficWindow.MINUTES; m++) {
            if (random.nextInt(5) == 0) {
                continue; // a quiet minute
            }
            for (int b = 0; b < Latency.BUCKETS; b++) {
                long n = random.nextInt(b < 6 ? 50 : 3);
                latency[m * Latency.BUCKETS + b] = n;
                calls[m] += n;
            }
            errors[m] = calls[m] == 0 ? 0 : random.nextInt((int) calls[m] + 1);
        }
        return new Health.Hour(HOUR.plusSeconds(h * 3600L), calls, errors, latency);
    }

    /** The sum over every stored minute whose start lies in {@code [from, to)}. */
    private static Health naive(List<Health.Hour> hours, Instant from, Instant to) {
        long calls = 0;
        long errors = 0;
        long[] buckets = new long[Latency.BUCKETS];
        for (Health.Hour h : hours) {
            if (h.calls() == null) {
                continue;
            }
            for (int m = 0; m < TrafficWindow.MINUTES; m++) {
                Instant minute = h.hour().plusSeconds(60L * m);
                if (minute.isBefore(from) || !minute.isBefore(to)) {
                    continue;
                }
                calls += h.calls()[m];
                errors += h.errors()[m];
                for (int b = 0; b < Latency.BUCKETS; b++) {
                    buckets[b] += h.latency()[m * Latency.BUCKETS + b];
                }
            }
        }
        return calls == 0
                ? Health.NONE
                : new Health(
                        calls,
                        errors,
                        (double) errors / calls,
                        Latency.percentileMs(buckets, 0.99),
                        Health.tailQuantile(calls) == 0
                                ? 0
                                : Latency.percentileMs(buckets, Health.tailQuantile(calls)));
    }
}
