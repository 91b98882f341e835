package dev.srekg.ingest.kafka;

import dev.srekg.ingest.WriteFailure;
import dev.srekg.ingest.kafka.RecordHandler.Accepted;
import dev.srekg.ingest.kafka.RecordHandler.Poison;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop every stream runs, with its {@link RecordHandler} plugged in: poll, decode, handle, dead letters
 * acknowledged, commit. It owns the lag, the batch span ({@code <topic> process} with its {@code parse} step), the
 * dead letters, the commit and the rewind, and the one error policy of ingest, classified once (the
 * {@link dev.srekg.ingest.GraphSink} says what a failed write was):
 *
 * <ul>
 *   <li>a record that does not decode is poison: it goes to the dead-letter topic with its reason, the rest of the
 *       batch is handled;
 *   <li>a {@link WriteFailure.Retriable} write is retried with capped backoff (200 ms doubling to 5 s) for as long as
 *       the worker runs, and nothing is dead-lettered for it;
 *   <li>a {@link WriteFailure.Rejected} write of records is replayed one record at a time, and only the records it is
 *       rejected for are dead-lettered; a rejected write no record can be blamed for (a trace flush) stops the worker:
 *       skipping it would lose what it counted, and writing it again fails again;
 *   <li>anything else (the dead-letter topic did not acknowledge, say) rewinds to what was last written, after a
 *       pause, and the poll is read again.
 * </ul>
 */
final class ConsumerPipeline<T> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerPipeline.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordHandler<T> handler;
    private final DeadLetters deadLetters;
    private final Duration pollTimeout;
    private final IngestTelemetry telemetry;
    private final Counters counters = new Counters();
    private volatile boolean running = true;
    /**
     * Nanoseconds spent in polls since start. Handlers measure quiet in it, not in wall time: while a write waits for
     * the database, records pile up unread, and the stream is not idle.
     */
    private long polling;

    ConsumerPipeline(
            String topic,
            Consumer<byte[], byte[]> consumer,
            RecordHandler<T> handler,
            DeadLetters deadLetters,
            Duration pollTimeout,
            IngestTelemetry telemetry) {
        this.topic = topic;
        this.consumer = consumer;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.pollTimeout = pollTimeout;
        this.telemetry = telemetry;
    }

    String topic() {
        return topic;
    }

    boolean isRunning() {
        return running;
    }

    /** Counts since start; {@code alive} is whether the worker's thread still runs. */
    StreamStats stats(boolean alive) {
        return new StreamStats(
                topic,
                running && alive,
                handler.written(counters.written.get()),
                counters.skipped.get(),
                counters.deadLettered.get(),
                counters.writeRetries.get(),
                counters.lag.get());
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            subscribe();
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.error("Worker for {} stopped", topic, e);
                running = false;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            log.info("Stopped consuming {}", topic);
        }
    }

    void subscribe() {
        consumer.subscribe(List.of(topic), handler.rebalanceListener(this));
    }

    /**
     * One turn of the loop: poll, then decode, handle, await the dead letters and commit. A failure the policy cannot
     * get past is thrown: a rejected write no record can be blamed for.
     */
    void pollOnce() throws InterruptedException {
        long pollStart = System.nanoTime();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        long polledAt = System.nanoTime();
        polling += polledAt - pollStart;
        counters.lag.set(Lag.of(consumer));
        Span span = records.isEmpty() ? Span.getInvalid() : telemetry.batch(topic, records.count());
        Throwable failure = null;
        try (Scope ignored = span.makeCurrent()) {
            Batch batch = new Batch(records, polling, polledAt);
            List<Accepted<T>> accepted =
                    records.isEmpty() ? List.of() : telemetry.step("parse", () -> decode(records, batch));
            span.setAttribute("srekg.dead_lettered", batch.deadLettered.size());
            long decoded = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> offsets = handler.handle(accepted, batch);
            long handled = System.nanoTime();
            batch.awaitDeadLetters();
            commit(offsets);
            if (log.isDebugEnabled() && !records.isEmpty()) {
                log.debug(
                        "poll of {} records: poll {} ms, decode {} ms, handle {} ms, dead letters and commit {} ms",
                        records.count(),
                        (polledAt - pollStart) / 1_000_000,
                        (decoded - polledAt) / 1_000_000,
                        (handled - decoded) / 1_000_000,
                        (System.nanoTime() - handled) / 1_000_000);
            }
        } catch (WriteFailure.Rejected e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = e;
            if (!running) {
                return;
            }
            log.error("Batch from {} failed; re-reading it from what was last written", topic, e);
            Thread.sleep(MAX_BACKOFF.toMillis());
            handler.rewind(this);
        } catch (InterruptedException | Error e) {
            failure = e;
            throw e;
        } finally {
            IngestTelemetry.end(span, failure);
        }
    }

    private List<Accepted<T>> decode(ConsumerRecords<byte[], byte[]> records, Batch batch) {
        List<Accepted<T>> accepted = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String refusal = deadLetters.refusal(record);
            RecordHandler.Decoded<T> decoded;
            if (refusal != null) {
                decoded = new Poison<>(refusal);
            } else {
                try {
                    decoded = handler.decode(record);
                } catch (RuntimeException e) {
                    // A decoder must not throw; if one does, the record is still poison, not a reason to stop.
                    decoded = new Poison<>("parser failed: " + e);
                }
            }
            if (decoded instanceof Accepted<T> a) {
                accepted.add(a);
            } else if (decoded instanceof Poison<T> p) {
                batch.deadLetter(record, p.reason());
            } else {
                counters.skipped.incrementAndGet();
            }
        }
        return accepted;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException e) {
            // The partitions moved to another member, which resumes from what was last committed (for spans: from
            // the checkpoints in Neo4j); writes are idempotent, and trace flushes are skipped by their checkpoints.
            log.info("Offsets for {} not committed after a rebalance; the new owner re-reads them", topic);
        }
    }

    /** One poll's writes and dead letters, under the pipeline's error policy. */
    final class Batch {
        private final ConsumerRecords<byte[], byte[]> records;
        private final long polling;
        private final long polledAt;
        private final List<Future<?>> deadLettered = new ArrayList<>();

        private Batch(ConsumerRecords<byte[], byte[]> records, long polling, long polledAt) {
            this.records = records;
            this.polling = polling;
            this.polledAt = polledAt;
        }

        /** Whether the poll brought no record at all. */
        boolean isEmpty() {
            return records.isEmpty();
        }

        /** The partitions the poll brought records of, poison included. */
        java.util.Set<TopicPartition> partitions() {
            return records.partitions();
        }

        /** Nanoseconds the worker has spent polling since start, this poll included: its measure of quiet. */
        long polling() {
            return polling;
        }

        /** {@link System#nanoTime()} when the poll returned. */
        long polledAt() {
            return polledAt;
        }

        /** The offsets after every record of this poll, written, skipped or dead-lettered. */
        Map<TopicPartition, OffsetAndMetadata> polledOffsets() {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            return offsets;
        }

        /**
         * Writes, retrying a {@link WriteFailure.Retriable} failure with capped backoff for as long as the worker runs;
         * a {@link WriteFailure.Rejected} one is thrown.
         */
        void write(int rows, Runnable write) throws InterruptedException {
            telemetry.<InterruptedException>write(topic, rows, () -> {
                retrying(write);
                return null;
            });
        }

        /**
         * Writes what the records decoded to in one write; if it is rejected, each record alone, dead-lettering those
         * rejected. A retriable failure is retried as in {@link #write}.
         *
         * @return how many of the values were written
         */
        int writeEach(List<Accepted<T>> records, ToIntFunction<T> rows, Function<List<T>, Runnable> writeOf)
                throws InterruptedException {
            List<T> values = records.stream().map(Accepted::value).toList();
            try {
                write(values.stream().mapToInt(rows).sum(), writeOf.apply(values));
                return values.size();
            } catch (WriteFailure.Rejected e) {
                log.warn(
                        "Neo4j rejected a batch of {} records from {}; writing them one by one", records.size(), topic);
            }
            int written = 0;
            for (Accepted<T> a : records) {
                try {
                    write(rows.applyAsInt(a.value()), writeOf.apply(List.of(a.value())));
                    written++;
                } catch (WriteFailure.Rejected e) {
                    deadLetter(a.record(), "write rejected by Neo4j: " + e.getMessage());
                }
            }
            return written;
        }

        /** Counts events written by the handler. */
        void written(long events) {
            counters.written.addAndGet(events);
        }

        /** Sends a record to the dead-letter topic; the poll is committed only once the topic acknowledged it. */
        void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
            counters.deadLettered.incrementAndGet();
            log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
            deadLettered.add(deadLetters.send(record, reason));
        }

        private void awaitDeadLetters() throws InterruptedException {
            for (Future<?> f : deadLettered) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // Not committing keeps the record: it is read again and dead-lettered again.
                    throw new IllegalStateException("dead-letter topic did not acknowledge a record", e.getCause());
                }
            }
        }
    }

    /**
     * Runs a database operation of this worker, retrying a {@link WriteFailure.Retriable} failure with backoff from
     * 200 ms doubling to 5 s for as long as the worker runs; anything else is thrown at once.
     */
    void retrying(Runnable operation) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                operation.run();
                return;
            } catch (WriteFailure.Retriable e) {
                if (!running) {
                    throw e;
                }
                counters.writeRetries.incrementAndGet();
                log.warn(
                        "Neo4j write for {} failed ({}); retrying in {} ms", topic, e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static final class Counters {
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong writeRetries = new AtomicLong();
        final AtomicLong lag = new AtomicLong();
    }
}
