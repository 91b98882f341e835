package dev.srekg.ingest.kafka;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.ingest.GraphSink;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of change events (deploys, scaling, tickets, alerts): each record parsed by the topic's parser, each poll
 * written in one transaction, then committed. Delivery is at-least-once and the idempotent writes make redelivery
 * harmless.
 */
final class StreamHandler implements RecordHandler<List<ChangeEvent>> {

    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordParser parser;
    private final GraphSink sink;

    StreamHandler(String topic, Consumer<byte[], byte[]> consumer, RecordParser parser, GraphSink sink) {
        this.topic = topic;
        this.consumer = consumer;
        this.parser = parser;
        this.sink = sink;
    }

    @Override
    public Decoded<List<ChangeEvent>> decode(ConsumerRecord<byte[], byte[]> record) {
        ParseResult result = parser.parse(toIncoming(record));
        if (result instanceof ParseResult.Parsed p) {
            return new Accepted<>(record, p.events());
        }
        if (result instanceof ParseResult.Rejected r) {
            return new Poison<>(r.reason());
        }
        return new Skipped<>();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> handle(
            List<Accepted<List<ChangeEvent>>> accepted, ConsumerPipeline<List<ChangeEvent>>.Batch batch)
            throws InterruptedException {
        if (accepted.isEmpty()) {
            return batch.polledOffsets();
        }
        batch.writeEach(accepted, List::size, values -> {
            List<ChangeEvent> events = values.stream().flatMap(List::stream).toList();
            return () -> {
                sink.write(events);
                batch.written(events.size());
            };
        });
        return batch.polledOffsets();
    }

    /**
     * Seeks every assigned partition back to its committed offset, so an uncommitted batch is read again. Reading the
     * committed offsets needs the broker: until it answers, nothing else is read, or the next commit would pass over
     * the failed batch.
     */
    @Override
    public void rewind(ConsumerPipeline<List<ChangeEvent>> pipeline) throws InterruptedException {
        while (pipeline.isRunning()) {
            try {
                seekToCommitted();
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("Cannot read the committed offsets of {} ({}); trying again", topic, e.getMessage());
                Thread.sleep(ConsumerPipeline.MAX_BACKOFF.toMillis());
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

    private static IncomingRecord toIncoming(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new IncomingRecord(record.topic(), record.partition(), record.offset(), record.value(), headers);
    }
}
