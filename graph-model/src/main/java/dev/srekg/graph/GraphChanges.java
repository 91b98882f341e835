package dev.srekg.graph;

import static dev.srekg.graph.Rows.row;
import static dev.srekg.graph.Rows.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The pure mapping from a change event to the graph changes it makes. */
public final class GraphChanges {

    private GraphChanges() {}

    /**
     * The changes one event makes.
     *
     * @param event the parsed event
     * @param recordedAt record time: when srekg writes it
     */
    public static List<GraphChange> of(ChangeEvent event, Instant recordedAt) {
        OffsetDateTime recorded = utc(recordedAt);
        if (event instanceof Deployment d) {
            return List.of(change(
                    WriteStatement.DEPLOYMENT,
                    d.service(),
                    d.key(),
                    row(
                            "key", d.key(),
                            "service", d.service(),
                            "at", utc(d.at()),
                            "recordedAt", recorded,
                            "props",
                                    row(
                                            "service", d.service(),
                                            "environment", d.environment(),
                                            "action", d.action().name(),
                                            "artifactId", d.artifactId(),
                                            "version", d.version(),
                                            "summary", d.summary(),
                                            "at", utc(d.at()),
                                            "changedAt", d.changedAt() == null ? null : utc(d.changedAt())))));
        }
        if (event instanceof ScaleEvent e) {
            return List.of(change(
                    WriteStatement.SCALE_EVENT,
                    e.service(),
                    e.key(),
                    row(
                            "key", e.key(),
                            "service", e.service(),
                            "at", utc(e.at()),
                            "recordedAt", recorded,
                            "props",
                                    row(
                                            "service", e.service(),
                                            "namespace", e.namespace(),
                                            "source", e.source(),
                                            "reason", e.reason(),
                                            "direction", e.direction().name(),
                                            "replicas", e.replicas() < 0 ? null : e.replicas(),
                                            "previousReplicas", e.previousReplicas() < 0 ? null : e.previousReplicas(),
                                            "failed", e.failed(),
                                            "message", e.message(),
                                            "at", utc(e.at())))));
        }
        if (event instanceof Ticket t) {
            return List.of(change(
                    WriteStatement.TICKET,
                    t.services().stream().sorted().findFirst().orElse(""),
                    t.key() + "\u0000" + t.updatedAt(),
                    row(
                            "key", t.key(),
                            "system", t.system(),
                            "title", t.title(),
                            "status", t.status(),
                            "priority", t.priority(),
                            "url", t.url(),
                            "services", t.services().stream().sorted().toList(),
                            "at", utc(t.openedAt()),
                            "closedAt", t.closedAt() == null ? null : utc(t.closedAt()),
                            "updatedAt", utc(t.updatedAt()),
                            "recordedAt", recorded)));
        }
        if (event instanceof Breach b) {
            return List.of(change(
                    WriteStatement.BREACH,
                    b.service(),
                    b.key(),
                    row(
                            "key", b.key(),
                            "service", b.service(),
                            "sloKey", b.sloKey(),
                            "slo", b.slo(),
                            "generator", b.generator(),
                            "team", b.team(),
                            "at", utc(b.startsAt()),
                            "endsAt", b.endsAt() == null ? null : utc(b.endsAt()),
                            "recordedAt", recorded,
                            "props",
                                    row(
                                            "service", b.service(),
                                            "slo", b.slo(),
                                            "alertName", b.alertName(),
                                            "severity", b.severity(),
                                            "summary", b.summary(),
                                            "generatorUrl", b.generatorUrl(),
                                            "startsAt", utc(b.startsAt())))));
        }
        throw new IllegalArgumentException(
                "no graph mapping for " + event.getClass().getName());
    }

    /**
     * Rows of one statement are written in this order; sorting by the locked node (the service) first keeps lock
     * order stable across concurrent writers.
     */
    private static GraphChange change(WriteStatement statement, String lockKey, String key, Map<String, Object> row) {
        return new GraphChange(statement, lockKey + "\u0000" + key, row);
    }
}
