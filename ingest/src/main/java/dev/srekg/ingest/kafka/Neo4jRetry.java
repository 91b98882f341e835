package dev.srekg.ingest.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.neo4j.driver.exceptions.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Neo4j write that failed with a retryable error (database unavailable, transient) with capped exponential
 * backoff, for as long as the worker runs. Any other failure is thrown at once: it is permanent.
 */
final class Neo4jRetry {

    private static final Logger log = LoggerFactory.getLogger(Neo4jRetry.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private Neo4jRetry() {}

    static boolean isRetryable(RuntimeException e) {
        return e instanceof RetryableException;
    }

    static void run(String what, Runnable write, BooleanSupplier running, AtomicLong retries)
            throws InterruptedException {
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (!isRetryable(e) || !running.getAsBoolean()) {
                    throw e;
                }
                retries.incrementAndGet();
                log.warn("Neo4j write for {} failed ({}); retrying in {} ms", what, e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
