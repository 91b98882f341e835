package dev.srekg.ingest.kafka;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one stream: poll, parse every record, write the batch to Neo4j in one transaction, then commit the
 * offsets. Offsets are committed only after the write and after dead letters are acknowledged, so delivery is
 * at-least-once and the idempotent writes make redelivery harmless.
 *
 * <p>Errors are classified here, once: a record that does not parse is poison and goes to the dead-letter topic; a
 * write that fails with a retryable error (Neo4j unavailable, transient) is retried with capped backoff and never
 * dead-lettered; a batch that Neo4j rejects for good is split so that only the rejected records are dead-lettered.
 */
final class StreamWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordParser parser;
    private final GraphWriter writer;
    private final DeadLetters deadLetters;
    private final Duration pollTimeout;
    private final StreamCounters counters = new StreamCounters();
    private final IngestTelemetry telemetry;
    private volatile boolean running = true;

    StreamWorker(
            String topic,
            Consumer<byte[], byte[]> consumer,
            RecordParser parser,
            GraphWriter writer,
            DeadLetters deadLetters,
            Duration pollTimeout,
            IngestTelemetry telemetry) {
        this.telemetry = telemetry;
        this.topic = topic;
        this.consumer = consumer;
        this.parser = parser;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.pollTimeout = pollTimeout;
    }

    String topic() {
        return topic;
    }

    StreamCounters counters() {
        return counters;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                counters.lag.set(Lag.of(consumer));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    process(records);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.error("Batch from {} failed; re-reading it from the last committed offsets", topic, e);
                    Thread.sleep(Neo4jRetry.MAX_BACKOFF.toMillis());
                    rewind();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            log.info("Stopped consuming {}", topic);
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void process(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        Span span = telemetry.batch(topic, records.count());
        Throwable failure = null;
        try (Scope ignored = span.makeCurrent()) {
            List<Parsed> parsed = new ArrayList<>(records.count());
            List<Future<?>> deadLettered = new ArrayList<>();
            telemetry.step("parse", () -> {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ParseResult result = parseSafely(record);
                    if (result instanceof ParseResult.Parsed p) {
                        parsed.add(new Parsed(record, p.events()));
                    } else if (result instanceof ParseResult.Rejected r) {
                        deadLettered.add(deadLetter(record, r.reason()));
                    } else {
                        counters.skipped.incrementAndGet();
                    }
                }
                return null;
            });
            span.setAttribute("srekg.dead_lettered", deadLettered.size());
            write(parsed, deadLettered);
            awaitAll(deadLettered);
            commit(records);
        } catch (RuntimeException | InterruptedException | Error e) {
            failure = e;
            throw e;
        } finally {
            IngestTelemetry.end(span, failure);
        }
    }

    private ParseResult parseSafely(ConsumerRecord<byte[], byte[]> record) {
        String refusal = deadLetters.refusal(record);
        if (refusal != null) {
            return new ParseResult.Rejected(refusal);
        }
        try {
            return parser.parse(toIncoming(record));
        } catch (RuntimeException e) {
            // A parser must not throw; if one does, the record is still poison, not a reason to stop the stream.
            return new ParseResult.Rejected("parser failed: " + e);
        }
    }

    private void write(List<Parsed> parsed, List<Future<?>> deadLettered) throws InterruptedException {
        List<ChangeEvent> events =
                parsed.stream().flatMap(p -> p.events().stream()).toList();
        try {
            writeWithRetry(events);
            counters.written.addAndGet(events.size());
            return;
        } catch (RuntimeException e) {
            if (Neo4jRetry.isRetryable(e)) {
                throw e;
            }
            // A permanent failure: find the records that cause it and dead-letter only those.
            log.warn("Neo4j rejected a batch of {} events from {}; writing them one by one", events.size(), topic);
        }
        for (Parsed p : parsed) {
            try {
                writeWithRetry(p.events());
                counters.written.addAndGet(p.events().size());
            } catch (RuntimeException e) {
                if (Neo4jRetry.isRetryable(e)) {
                    throw e;
                }
                deadLettered.add(deadLetter(p.record(), "write rejected by Neo4j: " + e.getMessage()));
            }
        }
    }

    private void writeWithRetry(List<ChangeEvent> events) throws InterruptedException {
        telemetry.<InterruptedException>write(topic, events.size(), () -> {
            Neo4jRetry.run(topic, () -> writer.write(events), () -> running, counters.writeRetries);
            return null;
        });
    }

    /**
     * Seeks every assigned partition back to its committed offset, so an uncommitted batch is read again. Reading the
     * committed offsets needs the broker: until it answers, nothing else is read, or the next commit would pass over
     * the failed batch.
     */
    private void rewind() throws InterruptedException {
        while (running) {
            try {
                seekToCommitted();
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("Cannot read the committed offsets of {} ({}); trying again", topic, e.getMessage());
                Thread.sleep(Neo4jRetry.MAX_BACKOFF.toMillis());
            }
        }
    }

    private void seekToCommitted() {
        var assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset.offset());
            }
        }
    }

    private Future<?> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        counters.deadLettered.incrementAndGet();
        log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        return deadLetters.send(record, reason);
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // Not committing keeps the record: it is redelivered and dead-lettered again.
                throw new IllegalStateException("dead-letter topic did not acknowledge a record", e.getCause());
            }
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException e) {
            // The partitions moved to another member, which re-reads from the last commit; writes are idempotent.
            log.info("Offsets for {} not committed after a rebalance; the new owner re-reads them", topic);
        }
    }

    private static IncomingRecord toIncoming(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new IncomingRecord(record.topic(), record.partition(), record.offset(), record.value(), headers);
    }

    private record Parsed(ConsumerRecord<byte[], byte[]> record, List<ChangeEvent> events) {}

    boolean isAlive() {
        return running;
    }

    /** Counts of one stream since start. */
    static final class StreamCounters {
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong writeRetries = new AtomicLong();
        final AtomicLong lag = new AtomicLong();

        StreamStats snapshot(String topic, boolean running) {
            return new StreamStats(
                    topic, running, written.get(), skipped.get(), deadLettered.get(), writeRetries.get(), lag.get());
        }
    }
}
