package dev.srekg.server;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.StreamStats;
import dev.srekg.ingest.traces.TraceAggregator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Ingest counters, read from the workers' own counts, for the Prometheus scrape ({@code /actuator/prometheus}) and
 * for OpenTelemetry ({@link #bindTo(Meter)}): records per stream and outcome ({@code srekg.ingest.records{stream,
 * outcome}}: written, skipped, dead_lettered), consumer lag per stream, Neo4j write retries, and for traces the spans
 * aggregated, late, unpaired, and the halves waiting in the join.
 */
class IngestMetrics implements MeterBinder {

    private final IngestWorkers workers;
    private final IngestProperties properties;

    IngestMetrics(IngestWorkers workers, IngestProperties properties) {
        this.workers = workers;
        this.properties = properties;
    }

    private static final Map<String, ToLongFunction<StreamStats>> OUTCOMES = Map.of(
            "written", StreamStats::written,
            "skipped", StreamStats::skipped,
            "dead_lettered", StreamStats::deadLettered);

    private static final Map<String, ToDoubleFunction<TraceAggregator.Stats>> TRACE_GAUGES = Map.of(
            "srekg.traces.spans", TraceAggregator.Stats::spans,
            "srekg.traces.late.corrected", TraceAggregator.Stats::lateCorrected,
            "srekg.traces.too.old", TraceAggregator.Stats::tooOld,
            "srekg.traces.unpaired", TraceAggregator.Stats::unpaired,
            "srekg.traces.join.waiting", TraceAggregator.Stats::waiting);

    private List<String> streams() {
        List<String> streams = new ArrayList<>(properties.topics().all());
        if (properties.traces().enabled()) {
            streams.add(properties.traces().topic());
        }
        return streams;
    }

    /** The same counts as OpenTelemetry instruments, observed at each collection. */
    void bindTo(Meter meter) {
        AttributeKey<String> stream = AttributeKey.stringKey("stream");
        AttributeKey<String> outcome = AttributeKey.stringKey("outcome");
        meter.counterBuilder("srekg.ingest.records")
                .setDescription("Records consumed, by outcome")
                .buildWithCallback(m -> {
                    for (String s : streams()) {
                        OUTCOMES.forEach(
                                (o, f) -> m.record((long) value(workers, s, f), Attributes.of(stream, s, outcome, o)));
                    }
                });
        meter.gaugeBuilder("srekg.ingest.lag")
                .ofLongs()
                .setDescription("Records not yet read, per stream")
                .buildWithCallback(m -> streams()
                        .forEach(s -> m.record((long) value(workers, s, StreamStats::lag), Attributes.of(stream, s))));
        meter.counterBuilder("srekg.ingest.write.retries")
                .setDescription("Neo4j writes retried after a retryable failure")
                .buildWithCallback(m -> streams()
                        .forEach(s -> m.record(
                                (long) value(workers, s, StreamStats::writeRetries), Attributes.of(stream, s))));
        TRACE_GAUGES.forEach((name, f) -> meter.gaugeBuilder(name)
                .buildWithCallback(m -> workers.traceStats().ifPresent(t -> m.record(f.applyAsDouble(t)))));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<String> streams = streams();
        for (String stream : streams) {
            Gauge.builder("srekg.ingest.lag", workers, w -> value(w, stream, StreamStats::lag))
                    .tag("stream", stream)
                    .description("Records not yet read, per stream")
                    .register(registry);
            OUTCOMES.forEach((outcome, f) -> counter(registry, "srekg.ingest.records", stream, outcome, f));
            FunctionCounter.builder(
                            "srekg.ingest.write.retries", workers, w -> value(w, stream, StreamStats::writeRetries))
                    .tag("stream", stream)
                    .description("Neo4j writes retried after a retryable failure")
                    .register(registry);
        }
        TRACE_GAUGES.forEach((name, f) -> Gauge.builder(
                        name, workers, w -> w.traceStats().map(f::applyAsDouble).orElse(0.0))
                .register(registry));
    }

    private void counter(
            MeterRegistry registry, String name, String stream, String outcome, ToLongFunction<StreamStats> f) {
        FunctionCounter.builder(name, workers, w -> value(w, stream, f))
                .tag("stream", stream)
                .tag("outcome", outcome)
                .description("Records consumed, by outcome")
                .register(registry);
    }

    private static double value(IngestWorkers workers, String stream, ToLongFunction<StreamStats> f) {
        return workers.stats().stream()
                .filter(s -> s.topic().equals(stream))
                .mapToLong(f)
                .sum();
    }
}
