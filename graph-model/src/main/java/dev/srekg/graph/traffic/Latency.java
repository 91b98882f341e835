package dev.srekg.graph.traffic;

import java.util.Arrays;

/**
 * Latency histograms: fixed bucket bounds shared by writers and readers, so percentiles can be computed from stored
 * bucket counts of any window (a minute, an hour, a sum of hours).
 */
public final class Latency {

    /** Upper bounds of the buckets in milliseconds; the last bucket holds everything slower. */
    private static final long[] BOUNDS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    /** Number of buckets, the overflow bucket included. */
    public static final int BUCKETS = BOUNDS_MS.length + 1;

    private Latency() {}

    /**
     * Per-minute histograms as stored on hour nodes: each count an unsigned LEB128 varint, minute after minute. Mostly
     * small numbers and zeros, so about one byte a count; and one Bolt value instead of 840, which is what makes
     * reading an hour's traffic cheap.
     */
    public static byte[] pack(long[] counts) {
        byte[] out = new byte[counts.length * 10];
        int n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            while ((c & ~0x7FL) != 0) {
                out[n++] = (byte) ((c & 0x7F) | 0x80);
                c >>>= 7;
            }
            out[n++] = (byte) c;
        }
        return Arrays.copyOf(out, n);
    }

    /** The counts of {@link #pack}, {@code length} of them. */
    public static long[] unpack(byte[] packed, int length) {
        long[] counts = new long[length];
        int at = 0;
        for (int i = 0; i < length; i++) {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                if (at >= packed.length) {
                    throw new IllegalArgumentException("packed histogram holds fewer than " + length + " counts");
                }
                b = packed[at++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            counts[i] = value;
        }
        return counts;
    }

    /**
     * A stored histogram as counts: packed bytes, or a list of numbers as hour nodes written before packing hold
     * them; null stays null.
     */
    public static long[] unpackStored(Object stored, int length) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof byte[] packed) {
            return unpack(packed, length);
        }
        if (stored instanceof java.util.List<?> list) {
            long[] counts = new long[length];
            for (int i = 0; i < Math.min(length, list.size()); i++) {
                counts[i] = ((Number) list.get(i)).longValue();
            }
            return counts;
        }
        throw new IllegalArgumentException(
                "not a stored histogram: " + stored.getClass().getName());
    }

    /** The bucket of a duration. */
    public static int bucketOf(long micros) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (micros <= BOUNDS_MS[i] * 1000) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    /** Upper bound of a bucket in milliseconds; the overflow bucket reports twice the largest bound. */
    public static long upperBoundMs(int bucket) {
        return bucket < BOUNDS_MS.length ? BOUNDS_MS[bucket] : BOUNDS_MS[BOUNDS_MS.length - 1] * 2;
    }

    /**
     * The q-quantile (0 &lt; q &le; 1) in milliseconds, interpolated linearly within its bucket; 0 for an empty
     * histogram.
     */
    public static double percentileMs(long[] buckets, double q) {
        if (buckets.length != BUCKETS) {
            throw new IllegalArgumentException("expected " + BUCKETS + " buckets, got " + buckets.length);
        }
        long total = Arrays.stream(buckets).sum();
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (buckets[i] > 0 && seen + buckets[i] >= rank) {
                double lower = i == 0 ? 0 : upperBoundMs(i - 1);
                double fraction = (rank - seen) / buckets[i];
                return lower + fraction * (upperBoundMs(i) - lower);
            }
            seen += buckets[i];
        }
        return upperBoundMs(BUCKETS - 1);
    }
}
