package dev.srekg.ingest.kafka;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.ingest.traces.TraceAggregator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the spans topic into a {@link TraceAggregator} and writes what it flushes. Exactly-once into the graph:
 * the windows, the edge intervals and a checkpoint per partition (where to resume, which watermark was flushed) are
 * written in one Neo4j transaction; on (re)assignment a partition resumes from its checkpoint and the aggregator
 * skips what the checkpoint says was already counted. Kafka offsets are committed after the transaction too, for
 * lag monitoring; the checkpoint is what counts.
 */
final class TraceWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TraceWorker.class);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    /** Trace settings the worker needs beyond the aggregator's. */
    record Settings(
            OtlpSpans.Encoding encoding,
            Duration idleEdgeTimeout,
            Duration lateness,
            Duration idleFlush,
            Duration flushInterval,
            Duration partitionIdleTimeout,
            Duration minuteRetention,
            Duration hourRetention,
            Duration pollTimeout) {}

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final TraceAggregator aggregator;
    private final GraphWriter writer;
    private final DeadLetters deadLetters;
    private final Settings settings;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong writeRetries = new AtomicLong();
    private volatile boolean running = true;
    private volatile TraceAggregator.Stats stats;
    private volatile long lag;
    private final IngestTelemetry telemetry;
    private long lastDownsampledHour = Long.MIN_VALUE;
    /**
     * Nanoseconds spent in polls since start: quiet is measured in time spent polling, because while a write waits
     * for Neo4j records pile up unread, and neither the stream nor a partition is idle.
     */
    private long polling;
    /** Per partition, {@link #polling} when it last delivered a record. */
    private final Map<Integer, Long> lastRecordAt = new HashMap<>();
    /** Partitions with a checkpoint in the graph, written by this worker or found on assignment. */
    private final Set<Integer> checkpointed = new HashSet<>();
    /**
     * Partitions without a checkpoint: the first offset this worker read of each. After a rebalance the consumer keeps
     * its position in a partition it keeps, but the aggregator has forgotten what it read: it must re-read from here.
     */
    private final Map<Integer, Long> readFrom = new HashMap<>();

    TraceWorker(
            String topic,
            Consumer<byte[], byte[]> consumer,
            TraceAggregator aggregator,
            GraphWriter writer,
            DeadLetters deadLetters,
            Settings settings,
            IngestTelemetry telemetry) {
        this.telemetry = telemetry;
        this.topic = topic;
        this.consumer = consumer;
        this.aggregator = aggregator;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.stats = aggregator.stats();
    }

    String topic() {
        return topic;
    }

    boolean isAlive() {
        return running;
    }

    StreamStats streamStats() {
        return new StreamStats(
                topic, running, stats.paired() + stats.virtualEdges(), 0, deadLettered.get(), writeRetries.get(), lag);
    }

    TraceAggregator.Stats traceStats() {
        return stats;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Checkpoints());
            long idleSince = 0;
            long lastFlush = System.nanoTime();
            // Records read since the last flush: the watermark may have closed minutes that are not written yet.
            boolean unflushed = false;
            while (running) {
                long pollStart = System.nanoTime();
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(settings.pollTimeout());
                long now = System.nanoTime();
                polling += now - pollStart;
                long polled = polling;
                lag = Lag.of(consumer);
                boolean idle = false;
                // What the broker says is left to read, asked only when quiet suggests nothing is: an empty poll
                // may also mean the broker is away, and records then wait to be read, not to be given up on.
                EndOffsets ends = new EndOffsets();
                if (batch.isEmpty()) {
                    idle = polled - idleSince >= settings.idleFlush().toNanos()
                            && aggregator.hasOpenWork()
                            && consumer.assignment().stream().allMatch(ends::readToEnd);
                } else {
                    idleSince = polled;
                    unflushed = true;
                    consume(batch);
                    batch.partitions().forEach(tp -> lastRecordAt.put(tp.partition(), polled));
                }
                // Caught up, as the last fetch says: it holds no late halves back.
                for (TopicPartition tp : consumer.assignment()) {
                    if (consumer.currentLag(tp).orElse(-1) == 0) {
                        aggregator.caughtUp(tp.partition());
                    }
                }
                // A partition that has nothing left to read is idle, and stops holding the watermark back, once it
                // delivered nothing for a while; at once, while other partitions still have records to read: in a
                // backlog its next records are newer than theirs, and waiting would stall every flush. A partition
                // that is merely behind is not idle; a span it delivers later than the watermark allows is a
                // correction.
                boolean backlog = consumer.assignment().stream()
                        .anyMatch(tp -> consumer.currentLag(tp).orElse(0) > 0);
                lastRecordAt.entrySet().removeIf(e -> {
                    TopicPartition tp = new TopicPartition(topic, e.getKey());
                    boolean quiet = (polled - e.getValue()
                                            >= settings.partitionIdleTimeout().toNanos()
                                    || (backlog && !batch.partitions().contains(tp)))
                            && ends.readToEnd(tp);
                    if (quiet) {
                        log.debug("Partition {} of {} is read to its end: it no longer holds the watermark", tp, topic);
                        aggregator.partitionIdle(e.getKey());
                    }
                    return quiet;
                });
                // Due on the interval after records were read, whether or not this poll brought more: a topic read
                // to its end within one interval would otherwise keep the minutes it closed until the idle flush.
                if (idle
                        || (unflushed
                                && now - lastFlush >= settings.flushInterval().toNanos())) {
                    flush(idle);
                    lastFlush = now;
                    unflushed = false;
                }
                stats = aggregator.stats();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.error("Trace worker for {} stopped", topic, e);
                running = false;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            log.info("Stopped consuming {}", topic);
        }
    }

    /** The end offsets of the assigned partitions, fetched from the broker on first use; unknown when it is away. */
    private final class EndOffsets {
        private Map<TopicPartition, Long> ends;
        private boolean asked;

        boolean readToEnd(TopicPartition tp) {
            if (!asked) {
                asked = true;
                try {
                    ends = consumer.endOffsets(consumer.assignment(), END_OFFSETS_TIMEOUT);
                } catch (KafkaException e) {
                    log.debug("End offsets of {} unknown: {}", topic, e.getMessage());
                }
            }
            if (ends == null || !ends.containsKey(tp)) {
                return false;
            }
            try {
                return consumer.position(tp, END_OFFSETS_TIMEOUT) >= ends.get(tp);
            } catch (KafkaException e) {
                return false;
            }
        }
    }

    private void consume(ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
        List<java.util.concurrent.Future<?>> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            records.incrementAndGet();
            List<SpanData> spans = List.of();
            String reason = deadLetters.refusal(r);
            if (reason == null) {
                try {
                    spans = OtlpSpans.parse(settings.encoding(), r.value());
                } catch (OtlpSpans.Invalid | IllegalArgumentException e) {
                    reason = e.getMessage();
                }
            }
            if (reason != null) {
                deadLettered.incrementAndGet();
                log.warn("Dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
                dead.add(deadLetters.send(r, reason));
                continue;
            }
            if (!checkpointed.contains(r.partition())) {
                readFrom.putIfAbsent(r.partition(), r.offset());
            }
            for (SpanData span : spans) {
                aggregator.add(span, r.partition(), r.offset());
            }
        }
        for (var f : dead) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("dead-letter topic did not acknowledge a record", e.getCause());
            }
        }
    }

    private void flush(boolean idle) throws InterruptedException {
        TraceAggregator.Flush flush = aggregator.flush(idle);
        if (flush.isEmpty()) {
            return;
        }
        Instant recordedAt = writer.clock().instant();
        List<GraphChange> changes = new ArrayList<>();
        for (EdgeActivity a : flush.activities()) {
            changes.add(TraceChanges.of(a, settings.idleEdgeTimeout(), recordedAt));
        }
        for (TrafficWindow w : flush.windows()) {
            if (w.subject() instanceof TrafficWindow.Subject.Service) {
                changes.add(TraceChanges.serviceActive(w, recordedAt));
            }
        }
        Instant watermark = flush.flushedThrough();
        changes.add(
                TraceChanges.closeIdleEdges(watermark.minus(settings.lateness()).minus(settings.idleEdgeTimeout())));
        long hour = TrafficWindow.hourOf(watermark).getEpochSecond();
        if (hour != lastDownsampledHour) {
            changes.add(TraceChanges.downsample(
                    watermark.minus(settings.minuteRetention()),
                    settings.hourRetention().isZero() ? null : watermark.minus(settings.hourRetention())));
        }
        flush.namespaces().forEach((s, n) -> changes.add(TraceChanges.serviceNamespace(s, n, recordedAt)));
        String flushId = UUID.randomUUID().toString();
        flush.checkpoints().forEach((p, cp) -> changes.add(TraceChanges.checkpoint(topic, p, cp, flushId)));
        if (flush.corrected() != null) {
            flush.checkpoints()
                    .keySet()
                    .forEach(p -> changes.add(TraceChanges.corrected(
                            topic,
                            p,
                            flush.corrected().first(),
                            flush.corrected().last(),
                            recordedAt)));
        }
        Span span = telemetry.batch(topic, flush.windows().size());
        Throwable failure = null;
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("srekg.traffic_windows", flush.windows().size());
            span.setAttribute("srekg.edges", flush.activities().size());
            telemetry.<InterruptedException>write(topic, flush.windows().size() + changes.size(), () -> {
                Neo4jRetry.run(topic, () -> writer.writeTraffic(flush.windows(), changes), () -> running, writeRetries);
                return null;
            });
        } catch (RuntimeException | InterruptedException | Error e) {
            failure = e;
            throw e;
        } finally {
            IngestTelemetry.end(span, failure);
        }
        lastDownsampledHour = hour;
        checkpointed.addAll(flush.checkpoints().keySet());
        readFrom.keySet().removeAll(flush.checkpoints().keySet());
        TraceAggregator.Stats s = aggregator.stats();
        log.info(
                "Flushed {} traffic windows and {} edges of {} through {}{}; spans {}, late corrected {}, too old {}, "
                        + "replayed {}, paired {}, virtual {}, unpaired {}, waiting {}",
                flush.windows().size(),
                flush.activities().size(),
                topic,
                watermark,
                idle ? " (idle)" : "",
                s.spans(),
                s.lateCorrected(),
                s.tooOld(),
                s.replaySkipped(),
                s.paired(),
                s.virtualEdges(),
                s.unpaired(),
                s.waiting());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        flush.checkpoints()
                .forEach((p, cp) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(cp.offset())));
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException e) {
            log.info("Offsets for {} not committed after a rebalance; the checkpoints in Neo4j decide", topic);
        }
    }

    /**
     * On every assignment, resume each partition from its checkpoint, or without one from the first offset this worker
     * read of it; on revocation, forget what is in memory.
     */
    private final class Checkpoints implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            aggregator.reset();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lastRecordAt.clear();
            List<Integer> assigned =
                    partitions.stream().map(TopicPartition::partition).toList();
            Map<Integer, TraceCheckpoint> checkpoints = new HashMap<>();
            try {
                // Neo4j may be away when the group rebalances: wait for it, the partitions cannot start without.
                Neo4jRetry.run(
                        topic,
                        () -> checkpoints.putAll(writer.readCheckpoints(topic, assigned)),
                        () -> running,
                        writeRetries);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            for (TopicPartition tp : partitions) {
                TraceCheckpoint cp = checkpoints.get(tp.partition());
                if (cp != null) {
                    consumer.seek(tp, cp.offset());
                    checkpointed.add(tp.partition());
                    readFrom.remove(tp.partition());
                } else if (readFrom.containsKey(tp.partition())) {
                    consumer.seek(tp, readFrom.get(tp.partition()));
                }
                lastRecordAt.put(tp.partition(), polling);
            }
            aggregator.assign(assigned, checkpoints);
        }
    }
}
