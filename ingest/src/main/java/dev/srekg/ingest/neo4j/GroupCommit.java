package dev.srekg.ingest.neo4j;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.ingest.WriteFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the streams' batches of changes: one transaction at a time (under the writer's lock), and the
 * batches handed in while one runs are written together in the next, oldest first, up to {@code maxRows} rows (a batch
 * with more is written alone). Each caller returns once its own batch is committed, or throws its own batch's failure:
 * a combined transaction that is rejected is written again batch by batch, so that only the batches rejected alone
 * fail; a retriable failure fails every batch of the transaction, and each caller retries its own. Issue 19: with one
 * transaction per poll, the four change streams' polls queued for the lock one by one.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final ReentrantLock lock;
    private final int maxRows;
    private final Consumer<List<GraphChange>> transaction;
    /** Batches handed in and not yet taken by a transaction. */
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param lock held while a transaction runs
     * @param maxRows most rows a transaction takes from the batches waiting
     * @param transaction writes rows in one transaction, throwing a {@link WriteFailure}
     */
    GroupCommit(ReentrantLock lock, int maxRows, Consumer<List<GraphChange>> transaction) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        this.lock = lock;
        this.maxRows = maxRows;
        this.transaction = transaction;
    }

    /** Writes a batch, with those handed in meanwhile; returns once it is committed. */
    void write(List<GraphChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Waiting mine = new Waiting(changes);
        waiting.add(mine);
        long waitStart = System.nanoTime();
        lock.lock();
        long locked = System.nanoTime();
        try {
            // Whoever held the lock may have written this batch with its own; if not, it is still waiting.
            int transactions = 0;
            while (!mine.done) {
                writeWaiting();
                transactions++;
            }
            if (log.isDebugEnabled()) {
                log.debug(
                        "batch of {} changes: lock wait {} ms, then {} transactions in {} ms",
                        changes.size(),
                        (locked - waitStart) / 1_000_000,
                        transactions,
                        (System.nanoTime() - locked) / 1_000_000);
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Batches handed in and not yet taken by a transaction. */
    int waiting() {
        return waiting.size();
    }

    /** One transaction of the oldest batches waiting; holds the lock. */
    private void writeWaiting() {
        List<Waiting> group = new ArrayList<>();
        List<GraphChange> rows = new ArrayList<>();
        for (Waiting w = waiting.peek(); w != null; w = waiting.peek()) {
            if (!group.isEmpty() && rows.size() + w.changes.size() > maxRows) {
                break;
            }
            waiting.remove();
            group.add(w);
            rows.addAll(w.changes);
        }
        try {
            transaction.accept(rows);
            group.forEach(w -> w.done(null));
        } catch (WriteFailure.Rejected e) {
            if (group.size() == 1) {
                group.get(0).done(e);
                return;
            }
            log.warn("Neo4j rejected a transaction of {} batches; writing each alone", group.size());
            for (Waiting w : group) {
                try {
                    transaction.accept(w.changes);
                    w.done(null);
                } catch (WriteFailure alone) {
                    w.done(alone);
                }
            }
        } catch (WriteFailure e) {
            group.forEach(w -> w.done(e));
        } finally {
            // Thrown past the above (an Error): the other callers must not wait for batches no one writes.
            for (Waiting w : group) {
                if (!w.done) {
                    w.done(new WriteFailure.Retriable("the transaction it was part of did not finish", null));
                }
            }
        }
    }

    /** A batch handed in; {@code done} and {@code failure} are written and read under the lock. */
    private static final class Waiting {
        final List<GraphChange> changes;
        boolean done;
        WriteFailure failure;

        Waiting(List<GraphChange> changes) {
            this.changes = changes;
        }

        void done(WriteFailure failure) {
            this.done = true;
            this.failure = failure;
        }
    }
}
