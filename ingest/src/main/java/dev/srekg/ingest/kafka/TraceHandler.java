package dev.srekg.ingest.kafka;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.GraphSink;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.ingest.traces.TraceAggregator;
import io.opentelemetry.api.trace.Span;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The spans stream: records into a {@link TraceAggregator}, what it flushes written with the checkpoints. Exactly-once
 * into the graph: the windows, the edge intervals and a checkpoint per partition (where to resume, which watermark was
 * flushed) are written in one transaction; on (re)assignment, and on a rewind after a failed poll, a partition resumes
 * from its checkpoint and the aggregator skips what the checkpoint says was already counted. Kafka offsets are
 * committed after the transaction too, for lag monitoring; the checkpoint is what counts.
 */
final class TraceHandler implements RecordHandler<List<SpanData>> {

    private static final Logger log = LoggerFactory.getLogger(TraceHandler.class);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    /** Trace settings the handler needs beyond the aggregator's. */
    record Settings(
            OtlpSpans.Encoding encoding,
            Duration idleEdgeTimeout,
            Duration lateness,
            Duration idleFlush,
            Duration flushInterval,
            Duration partitionIdleTimeout,
            Duration minuteRetention,
            Duration hourRetention,
            IdentityRules identity) {}

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final TraceAggregator aggregator;
    private final GraphSink sink;
    private final Settings settings;
    private volatile TraceAggregator.Stats stats;
    private long lastDownsampledHour = Long.MIN_VALUE;
    /** The pipeline's time spent polling as of the last poll handled: quiet is measured in it. */
    private long polling;
    /** {@link #polling} when the stream last delivered a record. */
    private long idleSince;
    /** {@link #polling} when the stream last delivered a late span. */
    private long lateSince;
    /** Late spans counted as of the last poll handled. */
    private long lateSpans;
    /** {@link System#nanoTime()} of the last flush; the first is due a flush interval after the handler starts. */
    private long lastFlush = System.nanoTime();
    /** Records read since the last flush: the watermark may have closed minutes that are not written yet. */
    private boolean unflushed;
    /** Per partition, {@link #polling} when it last delivered a record. */
    private final Map<Integer, Long> lastRecordAt = new HashMap<>();
    /** Partitions with a checkpoint in the graph, written by this worker or found on assignment. */
    private final Set<Integer> checkpointed = new HashSet<>();
    /**
     * Partitions without a checkpoint: the first offset this worker read of each. After a rebalance the consumer keeps
     * its position in a partition it keeps, but the aggregator has forgotten what it read: it must re-read from here.
     */
    private final Map<Integer, Long> readFrom = new HashMap<>();

    TraceHandler(
            String topic,
            Consumer<byte[], byte[]> consumer,
            TraceAggregator aggregator,
            GraphSink sink,
            Settings settings) {
        this.topic = topic;
        this.consumer = consumer;
        this.aggregator = aggregator;
        this.sink = sink;
        this.settings = settings;
        this.stats = aggregator.stats();
    }

    TraceAggregator.Stats traceStats() {
        return stats;
    }

    /** Calls counted: paired, to the instrumented services their peers name, and to virtual peers. */
    @Override
    public long written(long counted) {
        TraceAggregator.Stats s = stats;
        return s.paired() + s.resolvedPeers() + s.virtualEdges();
    }

    @Override
    public Decoded<List<SpanData>> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return new Accepted<>(
                    record,
                    OtlpSpans.parse(settings.encoding(), record.value()).stream()
                            .map(s -> s.orIn(settings.identity().environments().defaultEnvironment())
                                    .named(settings.identity()
                                            .serviceNamespace()
                                            .name(s.namespace(), s.service())))
                            .toList());
        } catch (OtlpSpans.Invalid | IllegalArgumentException e) {
            return new Poison<>(e.getMessage());
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> handle(
            List<Accepted<List<SpanData>>> accepted, ConsumerPipeline<List<SpanData>>.Batch batch)
            throws InterruptedException {
        long polled = batch.polling();
        polling = polled;
        boolean idle = false;
        boolean drained = false;
        // What the broker says is left to read, asked only when quiet suggests nothing is: an empty poll may also mean
        // the broker is away, and records then wait to be read, not to be given up on.
        EndOffsets ends = new EndOffsets();
        if (batch.isEmpty()) {
            boolean quiet = polled - idleSince >= settings.idleFlush().toNanos() && aggregator.hasOpenWork();
            if (quiet || unflushed) {
                drained = consumer.assignment().stream().allMatch(ends::readToEnd);
            }
            idle = quiet && drained;
        } else {
            idleSince = polled;
            unflushed = true;
            for (Accepted<List<SpanData>> a : accepted) {
                int partition = a.record().partition();
                if (!checkpointed.contains(partition)) {
                    readFrom.putIfAbsent(partition, a.record().offset());
                }
                for (SpanData span : a.value()) {
                    aggregator.add(span, partition, a.record().offset());
                }
            }
            batch.partitions().forEach(tp -> lastRecordAt.put(tp.partition(), polled));
            long late = aggregator.stats().lateCorrected();
            if (late != lateSpans) {
                lateSpans = late;
                lateSince = polled;
            }
        }
        // Caught up, as the last fetch says: it holds no late halves back. When all are, and no late span has come
        // for the idle flush's time, the late halves still waiting give up: their partners are not coming.
        boolean caughtUp = true;
        for (TopicPartition tp : consumer.assignment()) {
            if (consumer.currentLag(tp).orElse(-1) == 0) {
                aggregator.caughtUp(tp.partition());
            } else {
                caughtUp = false;
            }
        }
        if (caughtUp && polled - lateSince >= settings.idleFlush().toNanos()) {
            aggregator.lateStreamQuiet();
        }
        // A partition that has nothing left to read is idle, and stops holding the watermark back, once it delivered
        // nothing for a while; at once, while other partitions still have records to read: in a backlog its next
        // records are newer than theirs, and waiting would stall every flush. A partition that is merely behind is not
        // idle; a span it delivers later than the watermark allows is a correction.
        boolean backlog = consumer.assignment().stream()
                .anyMatch(tp -> consumer.currentLag(tp).orElse(0) > 0);
        lastRecordAt.entrySet().removeIf(e -> {
            TopicPartition tp = new TopicPartition(topic, e.getKey());
            boolean quiet =
                    (polled - e.getValue() >= settings.partitionIdleTimeout().toNanos()
                                    || (backlog && !batch.partitions().contains(tp)))
                            && ends.readToEnd(tp);
            if (quiet) {
                log.debug("Partition {} of {} is read to its end: it no longer holds the watermark", tp, topic);
                aggregator.partitionIdle(e.getKey());
            }
            return quiet;
        });
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
        // Due on the interval after a poll that brought records, and once the topic is read to its end (the broker
        // says so) after records were read: a topic read within one interval would otherwise keep the minutes it
        // closed until the idle flush (issue 21). An empty poll mid-read (a slow fetch) is not a reason to flush.
        long now = batch.polledAt();
        if (idle
                || (unflushed
                        && (!batch.isEmpty() || drained)
                        && now - lastFlush >= settings.flushInterval().toNanos())) {
            offsets = flush(idle, batch);
            lastFlush = now;
            unflushed = false;
        }
        stats = aggregator.stats();
        return offsets;
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

    /** Writes what the aggregator closed, with the checkpoints; returns the offsets to commit. */
    private Map<TopicPartition, OffsetAndMetadata> flush(boolean idle, ConsumerPipeline<List<SpanData>>.Batch batch)
            throws InterruptedException {
        TraceAggregator.Flush flush = aggregator.flush(idle);
        if (flush.isEmpty()) {
            return Map.of();
        }
        Instant recordedAt = sink.clock().instant();
        List<GraphChange> changes = new ArrayList<>();
        for (EdgeActivity a : flush.activities()) {
            changes.add(TraceChanges.of(a, settings.idleEdgeTimeout(), recordedAt));
        }
        for (TrafficWindow w : flush.windows()) {
            if (w.subject() instanceof TrafficWindow.Subject.Service) {
                changes.add(TraceChanges.serviceActive(w, recordedAt));
                Set<String> clusters = flush.hourClusters().get(TraceChanges.trafficKey(w));
                if (clusters != null) {
                    changes.add(TraceChanges.serviceHourClusters(w, clusters));
                }
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
        flush.clusters().forEach((s, c) -> changes.add(TraceChanges.serviceClusters(s, c, recordedAt)));
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
        Span span = Span.current();
        span.setAttribute("srekg.traffic_windows", flush.windows().size());
        span.setAttribute("srekg.edges", flush.activities().size());
        // A flush is not the records': a rejection of it cannot be blamed on one, so it stops the worker.
        batch.write(flush.windows().size() + changes.size(), () -> sink.writeTraffic(flush.windows(), changes));
        lastDownsampledHour = hour;
        checkpointed.addAll(flush.checkpoints().keySet());
        readFrom.keySet().removeAll(flush.checkpoints().keySet());
        TraceAggregator.Stats s = aggregator.stats();
        // Every flush interval while spans flow: at info only when it wrote windows, or the stream went idle.
        log.atLevel(flush.windows().isEmpty() && !idle ? Level.DEBUG : Level.INFO)
                .log(
                        "Flushed {} traffic windows and {} edges of {} through {}{}; spans {}, late corrected {}, too old {}, "
                                + "replayed {}, paired {}, resolved peers {}, virtual {}, unpaired {}, waiting {}",
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
                        s.resolvedPeers(),
                        s.virtualEdges(),
                        s.unpaired(),
                        s.waiting());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        flush.checkpoints()
                .forEach((p, cp) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(cp.offset())));
        return offsets;
    }

    /** After a failed poll: forget what is in memory and resume every assigned partition as on an assignment. */
    @Override
    public void rewind(ConsumerPipeline<List<SpanData>> pipeline) throws InterruptedException {
        aggregator.reset();
        resume(pipeline, consumer.assignment());
    }

    @Override
    public ConsumerRebalanceListener rebalanceListener(ConsumerPipeline<List<SpanData>> pipeline) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                aggregator.reset();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                try {
                    resume(pipeline, partitions);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
            }
        };
    }

    /**
     * Resumes each partition from its checkpoint, or without one from the first offset this worker read of it, knowing
     * the services whose traffic the graph holds as instrumented. The database may be away: the partitions cannot
     * start without their checkpoints, so the read waits for it.
     */
    private void resume(ConsumerPipeline<List<SpanData>> pipeline, Collection<TopicPartition> partitions)
            throws InterruptedException {
        lastRecordAt.clear();
        List<Integer> assigned =
                partitions.stream().map(TopicPartition::partition).toList();
        Map<Integer, TraceCheckpoint> checkpoints = new HashMap<>();
        pipeline.retrying(() -> {
            checkpoints.putAll(sink.readCheckpoints(topic, assigned));
            aggregator.instrumented(sink.readInstrumentedServices());
        });
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
