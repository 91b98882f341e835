package dev.srekg.server;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.StreamStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while every stream's consumer runs; details give per stream the events written, records skipped (well-formed
 * but of kinds srekg does not use), records dead-lettered and Neo4j write retries since start, and for traces the
 * spans aggregated, late, paired, unpaired and the halves waiting for their partner (the join's size). UNKNOWN before
 * the consumers start, while the start waits for Kafka and Neo4j.
 */
class IngestHealthIndicator extends AbstractHealthIndicator {

    private final IngestWorkers workers;

    IngestHealthIndicator(IngestWorkers workers) {
        super("Ingest health check failed");
        this.workers = workers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!workers.isRunning()) {
            // Not started yet (the start waits for Kafka and Neo4j): nothing has failed, so liveness stays UP, while
            // readiness is DOWN until the start completes.
            builder.unknown().withDetail("streams", "not started: waiting for Kafka and Neo4j");
            return;
        }
        boolean allRunning = true;
        Map<String, Object> streams = new LinkedHashMap<>();
        for (StreamStats s : workers.stats()) {
            allRunning &= s.running();
            streams.put(
                    s.topic(),
                    Map.of(
                            "running", s.running(),
                            "written", s.written(),
                            "skipped", s.skipped(),
                            "deadLettered", s.deadLettered(),
                            "writeRetries", s.writeRetries()));
        }
        (allRunning && !streams.isEmpty() ? builder.up() : builder.down()).withDetail("streams", streams);
        workers.traceStats()
                .ifPresent(t -> builder.withDetail(
                        "traces",
                        Map.of(
                                "spans", t.spans(),
                                "lateCorrected", t.lateCorrected(),
                                "tooOld", t.tooOld(),
                                "replaySkipped", t.replaySkipped(),
                                "paired", t.paired(),
                                "resolvedPeers", t.resolvedPeers(),
                                "virtualEdges", t.virtualEdges(),
                                "unpaired", t.unpaired(),
                                "waitingHalves", t.waiting())));
    }
}
