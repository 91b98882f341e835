package dev.srekg.api.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller request limits ({@code srekg.api.limits.*}), token buckets: a caller is its token
 * ({@code Authorization: Bearer} or {@code X-API-Key}), or its address when srekg runs without tokens. Over its limit
 * a caller gets 429 with {@code Retry-After}.
 *
 * @param consolePerSecond console queries ({@code POST /api/v1/cypher}) a second, sustained
 * @param consoleBurst console queries in a burst
 * @param consoleConcurrent console queries of one caller running at once, so that one caller cannot take every
 *     console slot ({@code srekg.api.cypher.max-concurrent})
 * @param contextPerSecond context requests ({@code GET /api/v1/services/{service}/context}) a second, sustained
 * @param contextBurst context requests in a burst
 */
@ConfigurationProperties("srekg.api.limits")
public record RequestLimitProperties(
        @DefaultValue("5") double consolePerSecond,
        @DefaultValue("20") int consoleBurst,
        @DefaultValue("1") int consoleConcurrent,
        @DefaultValue("20") double contextPerSecond,
        @DefaultValue("50") int contextBurst) {

    public RequestLimitProperties {
        new Rate(consolePerSecond, consoleBurst);
        if (consoleConcurrent < 1) {
            throw new IllegalArgumentException(
                    "srekg.api.limits.console-concurrent must be at least 1, was " + consoleConcurrent);
        }
        new Rate(contextPerSecond, contextBurst);
    }

    Rate console() {
        return new Rate(consolePerSecond, consoleBurst);
    }

    Rate context() {
        return new Rate(contextPerSecond, contextBurst);
    }

    /**
     * A token bucket.
     *
     * @param perSecond requests a second, sustained
     * @param burst requests in a burst
     */
    record Rate(double perSecond, int burst) {
        Rate {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("srekg.api.limits: a rate needs per-second > 0 and burst >= 1, was "
                        + perSecond + " and " + burst);
            }
        }
    }
}
