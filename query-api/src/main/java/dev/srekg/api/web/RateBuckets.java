package dev.srekg.api.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}. Pure: the caller passes
 * the time. At most {@value #MAX_CALLERS} callers are kept; past that the buckets start over (all full), which costs
 * callers nothing they were owed.
 */
final class RateBuckets {

    static final int MAX_CALLERS = 10_000;

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateBuckets(RequestLimitProperties.Rate rate) {
        this.perSecond = rate.perSecond();
        this.burst = rate.burst();
    }

    /** Takes one request from the caller's bucket; empty when allowed, else how long until one is. */
    Optional<Duration> take(String caller, long nowMillis) {
        if (buckets.size() >= MAX_CALLERS && !buckets.containsKey(caller)) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(caller, c -> new Bucket(burst, nowMillis))
                .take(nowMillis);
    }

    private final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(double tokens, long nowMillis) {
            this.tokens = tokens;
            this.lastMillis = nowMillis;
        }

        synchronized Optional<Duration> take(long nowMillis) {
            tokens = Math.min(burst, tokens + Math.max(0, nowMillis - lastMillis) * perSecond / 1000);
            lastMillis = Math.max(lastMillis, nowMillis);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) * 1000 / perSecond)));
        }
    }
}
