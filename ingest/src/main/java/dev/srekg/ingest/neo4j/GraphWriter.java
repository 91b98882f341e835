package dev.srekg.ingest.neo4j;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.GraphChanges;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficStatements;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.GraphSink;
import dev.srekg.ingest.WriteFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.RetryableException;

/**
 * Writes change events to Neo4j: one transaction per batch, one {@code UNWIND} round trip per statement, rows sorted
 * by key. The driver retries transient failures inside {@code executeWrite}; what still fails is thrown as a
 * {@link WriteFailure}: the driver's retryable errors (unavailable, session expired, transient) as
 * {@link WriteFailure.Retriable}, anything else as {@link WriteFailure.Rejected}. This is the only place that knows the
 * driver's exceptions.
 */
public final class GraphWriter implements GraphSink {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GraphWriter.class);

    private final Driver driver;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    public GraphWriter(Driver driver, Clock clock) {
        this.driver = driver;
        this.clock = clock;
    }

    @Override
    public void write(List<? extends ChangeEvent> events) {
        var recordedAt = clock.instant();
        List<GraphChange> changes = classified(() -> {
            List<GraphChange> all = new ArrayList<>();
            for (ChangeEvent event : events) {
                all.addAll(GraphChanges.of(event, recordedAt));
            }
            return all;
        });
        writeChanges(changes);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** Writes graph changes in one transaction, statements in their declaration order, rows sorted by key. */
    public void writeChanges(List<GraphChange> changes) {
        writeTraffic(List.of(), changes);
    }

    /**
     * Adds traffic windows to their hour nodes and writes graph changes, in one transaction: hours are locked and
     * read, summed here, then stored (see {@link TrafficStatements}); then the changes run. When the changes hold trace
     * checkpoints and one of them already carries their flush id, the transaction was committed before (its
     * acknowledgement was lost, say, as Neo4j went away) and nothing is written again: adding windows is not
     * idempotent, so a retried flush must not count twice.
     */
    @Override
    public void writeTraffic(List<TrafficWindow> windows, List<GraphChange> changes) {
        if (windows.isEmpty() && changes.isEmpty()) {
            return;
        }
        classified(() -> {
            writeInOneTransaction(windows, changes);
            return null;
        });
    }

    private void writeInOneTransaction(List<TrafficWindow> windows, List<GraphChange> changes) {
        Instant recordedAt = clock.instant();
        Map<WriteStatement, List<GraphChange>> byStatement = new EnumMap<>(WriteStatement.class);
        for (GraphChange change : changes) {
            byStatement
                    .computeIfAbsent(change.statement(), s -> new ArrayList<>())
                    .add(change);
        }
        Map<Boolean, List<TrafficWindow>> byKind = windows.stream()
                .sorted(Comparator.comparing(TraceChanges::trafficKey))
                .collect(Collectors.partitioningBy(w -> w.subject() instanceof TrafficWindow.Subject.Service));
        // One write transaction at a time per process: the streams' batches touch the same hot Service nodes, and
        // concurrent batches would deadlock on them and back off for seconds. Workers of other processes still
        // write concurrently; the driver retries the rare deadlock between them.
        long waitStart = System.nanoTime();
        writeLock.lock();
        long locked = System.nanoTime();
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> {
                if (alreadyWritten(tx, byStatement.getOrDefault(WriteStatement.TRACE_CHECKPOINT, List.of()))) {
                    log.info("A retried trace flush had been committed before; not writing it twice");
                    return;
                }
                byKind.values().forEach(group -> addTraffic(tx, group, recordedAt));
                byStatement.forEach((statement, rowsOf) -> {
                    List<Map<String, Object>> rows = rowsOf.stream()
                            .sorted(Comparator.comparing(GraphChange::sortKey))
                            .map(GraphChange::row)
                            .toList();
                    long t0 = System.nanoTime();
                    tx.run(statement.cypher(), Map.of("rows", rows)).consume();
                    if (log.isDebugEnabled()) {
                        log.debug(
                                "{} rows of {} in {} ms", rows.size(), statement, (System.nanoTime() - t0) / 1_000_000);
                    }
                });
            });
        } finally {
            writeLock.unlock();
            if (log.isDebugEnabled()) {
                log.debug(
                        "write of {} changes, {} windows: lock wait {} ms, transaction {} ms",
                        changes.size(),
                        windows.size(),
                        (locked - waitStart) / 1_000_000,
                        (System.nanoTime() - locked) / 1_000_000);
            }
        }
    }

    private static boolean alreadyWritten(TransactionContext tx, List<GraphChange> checkpoints) {
        if (checkpoints.isEmpty()) {
            return false;
        }
        List<Object> keys = checkpoints.stream().map(c -> c.row().get("key")).toList();
        List<Object> flushes =
                checkpoints.stream().map(c -> c.row().get("flush")).distinct().toList();
        return tx.run(TrafficStatements.FLUSH_WRITTEN, Map.of("keys", keys, "flushes", flushes))
                .single()
                .get(0)
                .asBoolean();
    }

    private static void addTraffic(TransactionContext tx, List<TrafficWindow> windows, Instant recordedAt) {
        if (windows.isEmpty()) {
            return;
        }
        TrafficWindow.Subject subject = windows.get(0).subject();
        List<Map<String, Object>> keys = windows.stream()
                .map(w -> TraceChanges.trafficKeyRow(w, recordedAt))
                .toList();
        Map<String, Map<String, Object>> stored = new HashMap<>();
        tx.run(TrafficStatements.lockAndRead(subject), Map.of("rows", keys))
                .forEachRemaining(r -> stored.put(r.get("key").asString(), r.asMap()));
        List<Map<String, Object>> rows = windows.stream()
                .map(w -> Map.<String, Object>of(
                        "key",
                        TraceChanges.trafficKey(w),
                        "values",
                        TraceChanges.added(w, stored.getOrDefault(TraceChanges.trafficKey(w), Map.of()))))
                .toList();
        tx.run(TrafficStatements.write(subject), Map.of("rows", rows)).consume();
    }

    /** The trace checkpoints of some partitions of a topic: where to resume, the watermark, what is counted. */
    @Override
    public Map<Integer, TraceCheckpoint> readCheckpoints(String topic, Collection<Integer> partitions) {
        return classified(() -> readCheckpointsOf(topic, partitions));
    }

    /** The services whose own traffic the graph holds: known instrumented, also after a restart. */
    @Override
    public Set<String> readInstrumentedServices() {
        return classified(() -> {
            try (Session session = driver.session()) {
                return session.executeRead(tx -> Set.copyOf(tx.run(TrafficStatements.INSTRUMENTED_SERVICES)
                        .list(r -> r.get("name").asString())));
            }
        });
    }

    /** Runs database work, classifying what it throws: the one place that maps the driver's exceptions. */
    private static <T> T classified(Supplier<T> work) {
        try {
            return work.get();
        } catch (WriteFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof RetryableException) {
                throw new WriteFailure.Retriable(e.getMessage(), e);
            }
            throw new WriteFailure.Rejected(String.valueOf(e.getMessage()), e);
        }
    }

    private Map<Integer, TraceCheckpoint> readCheckpointsOf(String topic, Collection<Integer> partitions) {
        List<String> keys = partitions.stream()
                .map(p -> TraceChanges.checkpointKey(topic, p))
                .toList();
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                Map<Integer, TraceCheckpoint> found = new HashMap<>();
                tx.run(TrafficStatements.CHECKPOINTS, Map.of("keys", keys)).forEachRemaining(r -> {
                    Value c = r.get("c");
                    found.put(
                            r.get("partition").asInt(),
                            TraceChanges.checkpointOf(
                                    c.get("offset").asLong(),
                                    instant(c.get("flushedThrough")),
                                    c.get("countedBelow").asList(Value::asLong, null),
                                    c.get("countedThrough").asList(GraphWriter::instant, null),
                                    c.get("pendingOf").asList(Value::asLong, List.of()),
                                    c.get("pendingOffset").asList(Value::asLong, List.of()),
                                    c.get("pendingSpan").asList(Value::asLong, List.of())));
                });
                return found;
            });
        }
    }

    private static Instant instant(Value v) {
        return v.asZonedDateTime().toInstant();
    }
}
