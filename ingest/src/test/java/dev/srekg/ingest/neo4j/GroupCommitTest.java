package dev.srekg.ingest.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.ingest.WriteFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of the change streams' batches, against a fake transaction: batches handed in while a transaction runs
 * go into the next one together, up to the row limit; a rejected combined transaction is written again batch by batch
 * and fails only the batch rejected alone; a retriable failure fails every batch of it. Issue 19.
 */
class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    /** The keys of each transaction's rows, in the order the transactions ran, failed ones included. */
    private final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());

    private final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstRunning = new CountDownLatch(1);
    private volatile Predicate<List<String>> rejects = keys -> false;
    private volatile Predicate<List<String>> unavailable = keys -> false;

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void batchesHandedInWhileATransactionRunsAreWrittenTogetherInTheNextOne() throws Exception {
        GroupCommit commit = groupCommit(100);
        Future<?> first = holdingTheFirstTransaction(commit, "a");
        Future<?> second = callers.submit(() -> commit.write(changes("b1", "b2")));
        Future<?> third = callers.submit(() -> commit.write(changes("c")));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 2);

        firstMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);

        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(0)).containsExactly("a");
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("b1", "b2", "c");
    }

    @Test
    void aTransactionTakesNoMoreRowsThanTheLimitUnlessOneBatchHasMore() throws Exception {
        GroupCommit commit = groupCommit(3);
        Future<?> first = holdingTheFirstTransaction(commit, "a");
        List<Future<?>> more = new ArrayList<>();
        more.add(callers.submit(() -> commit.write(changes("b1", "b2"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 1);
        more.add(callers.submit(() -> commit.write(changes("c1", "c2"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 2);
        more.add(callers.submit(() -> commit.write(changes("d1", "d2", "d3", "d4"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 3);

        firstMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : more) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(transactions)
                .containsExactly(
                        List.of("a"), List.of("b1", "b2"), List.of("c1", "c2"), List.of("d1", "d2", "d3", "d4"));
    }

    @Test
    void aRejectedCombinedTransactionIsWrittenAgainBatchByBatchAndOnlyTheRejectedBatchFails() throws Exception {
        rejects = keys -> keys.contains("evil");
        GroupCommit commit = groupCommit(100);
        Future<?> first = holdingTheFirstTransaction(commit, "a");
        Future<?> good = callers.submit(() -> commit.write(changes("good")));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 1);
        Future<?> evil = callers.submit(() -> commit.write(changes("evil", "fine")));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 2);

        firstMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> evil.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WriteFailure.Rejected.class);

        assertThat(transactions)
                .containsExactly(
                        List.of("a"), List.of("good", "evil", "fine"), List.of("good"), List.of("evil", "fine"));
    }

    @Test
    void aRetriableFailureOfACombinedTransactionFailsEachOfItsBatchesOnce() throws Exception {
        unavailable = keys -> keys.size() > 1;
        GroupCommit commit = groupCommit(100);
        Future<?> first = holdingTheFirstTransaction(commit, "a");
        Future<?> second = callers.submit(() -> commit.write(changes("b")));
        Future<?> third = callers.submit(() -> commit.write(changes("c")));
        await().atMost(Duration.ofSeconds(10)).until(() -> commit.waiting() == 2);

        firstMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : List.of(second, third)) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WriteFailure.Retriable.class);
        }
        // Not written again by the writer: each caller's pipeline retries its own batch.
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aBatchAloneIsOneTransactionAndAnEmptyOneNone() {
        GroupCommit commit = groupCommit(100);
        firstMayFinish.countDown();

        commit.write(changes("a", "b"));
        commit.write(List.of());

        assertThat(transactions).containsExactly(List.of("a", "b"));
    }

    /** Starts a caller whose transaction runs until {@link #firstMayFinish}, holding the lock meanwhile. */
    private Future<?> holdingTheFirstTransaction(GroupCommit commit, String key) throws InterruptedException {
        Future<?> first = callers.submit(() -> commit.write(changes(key)));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private GroupCommit groupCommit(int maxRows) {
        return new GroupCommit(new ReentrantLock(true), maxRows, rows -> {
            List<String> keys =
                    rows.stream().map(c -> (String) c.row().get("key")).toList();
            transactions.add(keys);
            if (transactions.size() == 1) {
                firstRunning.countDown();
                try {
                    firstMayFinish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WriteFailure.Retriable("interrupted", e);
                }
            }
            if (unavailable.test(keys)) {
                throw new WriteFailure.Retriable("database unavailable", null);
            }
            if (rejects.test(keys)) {
                throw new WriteFailure.Rejected("cannot store " + keys, null);
            }
        });
    }

    private static List<GraphChange> changes(String... keys) {
        List<GraphChange> changes = new ArrayList<>();
        for (String key : keys) {
            changes.add(new GraphChange(WriteStatement.DEPLOYMENT, key, Map.of("key", key)));
        }
        return changes;
    }
}
