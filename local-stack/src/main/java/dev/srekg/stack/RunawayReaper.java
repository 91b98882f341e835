package dev.srekg.stack;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.api.net.NetworkConnectionTracker;
import org.neo4j.kernel.api.net.TrackedNetworkConnection;
import org.neo4j.kernel.api.query.ExecutingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends queries that go on computing after the database terminated their transaction. Neo4j checks a termination
 * (timeout, {@code TERMINATE TRANSACTION}, shutdown) only between rows; an expression that computes for minutes
 * within one row (a {@code reduce} over {@code range(1, 30000000)}, issue 17) keeps its thread, its CPU and the
 * database's shutdown for as long. Twice a second this looks at the open transactions; one marked for termination
 * more than {@code grace} ago whose thread is still evaluating Cypher has that thread stopped
 * ({@link Thread#stop()}, which unwinds it through its {@code finally} blocks) and its Bolt connection closed (the
 * client gets its failure at once, and the transaction is rolled back with the connection); while the database shuts down, at once. Only for the embedded database of the local stack: a remote Neo4j server cannot be
 * reached this way (docs/reliability.md says what protects one).
 */
final class RunawayReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunawayReaper.class);

    private final Supplier<Set<KernelTransactionHandle>> transactions;
    private final NetworkConnectionTracker connections;
    private volatile long graceNanos;
    private final ScheduledExecutorService timer;
    private final AtomicLong stopped = new AtomicLong();
    private volatile boolean unsupported;

    RunawayReaper(
            Supplier<Set<KernelTransactionHandle>> transactions, NetworkConnectionTracker connections, Duration grace) {
        this.transactions = transactions;
        this.connections = connections;
        this.graceNanos = grace.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "srekg-neo4j-runaway-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** From now on, stops at once: the database is shutting down, and nothing it terminates may hold it. */
    void shuttingDown() {
        graceNanos = 0;
        timer.execute(this::sweep);
    }

    /** Threads stopped so far. */
    long stopped() {
        return stopped.get();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (KernelTransactionHandle tx : transactions.get()) {
                var mark = tx.terminationMark();
                if (mark.isEmpty() || now - mark.get().getTimestampNanos() < graceNanos) {
                    continue;
                }
                tx.executingQuery()
                        .map(ExecutingQuery::threadExecutingTheQueryName)
                        .filter(RunawayReaper::computing)
                        .ifPresent(thread -> {
                            closeConnection(tx);
                            stop(thread);
                        });
            }
        } catch (RuntimeException e) {
            log.warn("Cannot look for runaway queries", e);
        }
    }

    /** Closes the query's Bolt connection: its client gets its answer (a failure) now, not when the thread ends. */
    private void closeConnection(KernelTransactionHandle tx) {
        tx.clientInfo()
                .map(ClientConnectionInfo::connectionId)
                .map(connections::get)
                .ifPresent(TrackedNetworkConnection::close);
    }

    private static boolean computing(String threadName) {
        return thread(threadName).filter(RunawayReaper::evaluatingCypher).isPresent();
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst();
    }

    @SuppressWarnings("removal")
    private void stop(String threadName) {
        if (unsupported) {
            return;
        }
        thread(threadName).ifPresent(thread -> {
            try {
                thread.stop();
                stopped.incrementAndGet();
                log.warn("Stopped a query that kept computing after its transaction was terminated ({})", threadName);
            } catch (UnsupportedOperationException e) {
                unsupported = true;
                log.warn("This JVM cannot stop threads (Java 20+): a terminated query that keeps computing runs on;"
                        + " its connection is closed");
            }
        });
    }

    /** The thread is inside the Cypher runtime (not waiting for its client or its next request). */
    private static boolean evaluatingCypher(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith("org.neo4j.cypher.internal.runtime"));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
