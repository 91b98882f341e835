package dev.srekg.server;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.StreamStats;
import dev.srekg.ingest.traces.TraceAggregator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Ingest counters for the Prometheus scrape ({@code /actuator/prometheus}): records per stream and outcome
 * ({@code srekg_ingest_records_total{stream, outcome}}: written, skipped, dead_lettered), Neo4j write retries, and for
 * traces the spans aggregated, late, unpaired, and the halves waiting in the join.
 */
class IngestMetrics implements MeterBinder {

    private final IngestWorkers workers;
    private final IngestProperties properties;

    IngestMetrics(IngestWorkers workers, IngestProperties properties) {
        this.workers = workers;
        this.properties = properties;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<String> streams = new ArrayList<>(properties.topics().all());
        if (properties.traces().enabled()) {
            streams.add(properties.traces().topic());
        }
        for (String stream : streams) {
            counter(registry, "srekg.ingest.records", stream, "written", StreamStats::written);
            counter(registry, "srekg.ingest.records", stream, "skipped", StreamStats::skipped);
            counter(registry, "srekg.ingest.records", stream, "dead_lettered", StreamStats::deadLettered);
            FunctionCounter.builder(
                            "srekg.ingest.write.retries", workers, w -> value(w, stream, StreamStats::writeRetries))
                    .tag("stream", stream)
                    .description("Neo4j writes retried after a retryable failure")
                    .register(registry);
        }
        traceGauge(registry, "srekg.traces.spans", TraceAggregator.Stats::spans, "Spans aggregated");
        traceGauge(registry, "srekg.traces.late", TraceAggregator.Stats::late, "Spans dropped as later than allowed");
        traceGauge(registry, "srekg.traces.unpaired", TraceAggregator.Stats::unpaired, "Span halves that never met");
        traceGauge(registry, "srekg.traces.join.waiting", TraceAggregator.Stats::waiting, "Span halves waiting");
    }

    private void counter(
            MeterRegistry registry, String name, String stream, String outcome, ToLongFunction<StreamStats> f) {
        FunctionCounter.builder(name, workers, w -> value(w, stream, f))
                .tag("stream", stream)
                .tag("outcome", outcome)
                .description("Records consumed, by outcome")
                .register(registry);
    }

    private void traceGauge(
            MeterRegistry registry, String name, ToDoubleFunction<TraceAggregator.Stats> f, String description) {
        Gauge.builder(name, workers, w -> w.traceStats().map(f::applyAsDouble).orElse(0.0))
                .description(description)
                .register(registry);
    }

    private static double value(IngestWorkers workers, String stream, ToLongFunction<StreamStats> f) {
        return workers.stats().stream()
                .filter(s -> s.topic().equals(stream))
                .mapToLong(f)
                .sum();
    }
}
