package dev.srekg.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.neo4j.driver.exceptions.RetryableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the start back until Neo4j and Kafka answer: the schema migrations are applied and the cluster described, each
 * retried with capped backoff and a log line per attempt, before the ingest workers start. It runs after the web
 * server started and before the ingest workers (phase), so meanwhile srekg is live, its readiness is DOWN (not yet
 * accepting traffic, Kafka or Neo4j down, no consumer running), and it becomes ready when both arrive. Only a
 * configuration error (authentication refused, an applied migration edited) ends the start.
 */
final class DependencyGate implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DependencyGate.class);

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(15);

    private final SchemaMigrations migrations;
    private final KafkaHealthIndicator kafka;
    private final String neo4jUri;
    private final String kafkaBootstrap;
    private final ApplicationEventPublisher events;
    private volatile boolean running;
    private volatile boolean abandoned;

    DependencyGate(
            SchemaMigrations migrations,
            KafkaHealthIndicator kafka,
            String neo4jUri,
            String kafkaBootstrap,
            ApplicationEventPublisher events) {
        this.migrations = migrations;
        this.kafka = kafka;
        this.neo4jUri = neo4jUri;
        this.kafkaBootstrap = kafkaBootstrap;
        this.events = events;
    }

    @Override
    public void start() {
        // Waiting for a dependency is not a reason to be restarted: live, not ready.
        AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
        // The context's close waits for the start to end, and would wait out a missing dependency: a stop (SIGTERM)
        // meanwhile interrupts the wait instead, and the start fails.
        Thread starting = Thread.currentThread();
        Thread abandon = new Thread(
                () -> {
                    abandoned = true;
                    starting.interrupt();
                },
                "srekg-abandon-start");
        Runtime.getRuntime().addShutdownHook(abandon);
        try {
            await("Neo4j at " + neo4jUri + " (schema migrations)", migrations::apply);
            await("Kafka at " + kafkaBootstrap, kafka::describe);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(abandon);
            } catch (IllegalStateException shuttingDown) {
                // the hook has run or is running
            }
        }
        running = true;
    }

    private void await(String what, Callable<?> attempt) {
        for (int n = 1; ; n++) {
            if (abandoned) {
                throw new IllegalStateException("stopped while waiting for " + what);
            }
            try {
                attempt.call();
                if (n > 1) {
                    log.info("{} answered after {} attempts", what, n);
                }
                return;
            } catch (Exception e) {
                if (isConfigurationError(e)) {
                    throw new IllegalStateException(what + ": " + e.getMessage(), e);
                }
                Duration delay = delay(n);
                log.warn(
                        "Waiting for {}: attempt {} failed ({}); next attempt in {}s",
                        what,
                        n,
                        reason(e),
                        delay.toSeconds());
                sleep(delay, what);
            }
        }
    }

    /** The wait before attempt {@code n + 1}: doubling from {@link #FIRST_DELAY}, at most {@link #MAX_DELAY}. */
    static Duration delay(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 10);
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /**
     * Whether retrying cannot help: credentials refused (Neo4j's or Kafka's), a request Neo4j refuses as the client's
     * error (a statement it rejects, a protocol it does not speak), or a migration that contradicts the graph.
     * Unreachable, unavailable, timing out or still starting (the default database not there yet included) is retried.
     */
    static boolean isConfigurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.neo4j.driver.exceptions.ClientException client
                    && !"Neo.ClientError.Database.DatabaseNotFound".equals(client.code())) {
                return true;
            }
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException
                    || t instanceof org.apache.kafka.common.errors.AuthorizationException
                    || t instanceof SchemaMigrations.MigrationConflict) {
                return true;
            }
            if (t instanceof RetryableException || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return false;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Sleeps out a backoff; a shutdown meanwhile interrupts it and ends the start. */
    private void sleep(Duration delay, String what) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting for " + what, e);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server (so health answers while waiting), before the ingest workers. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
