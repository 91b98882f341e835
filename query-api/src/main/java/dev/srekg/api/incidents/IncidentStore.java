package dev.srekg.api.incidents;

import static dev.srekg.api.web.GraphValues.instant;

import dev.srekg.api.context.Ranking;
import dev.srekg.graph.change.Rows;
import dev.srekg.graph.incidents.IncidentStatements;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.springframework.stereotype.Component;

/**
 * Incidents on the graph: {@code (:Incident)-[:FOR]->(:SloBreach)}, {@code -[:OF]->(:Service)} and
 * {@code -[:SUSPECTS {rank, score}]->} each ranked change, with the whole context kept as JSON for browsing, and
 * {@code cause}: the kind of the top suspect ({@code none} without one), which the delivery figures count by.
 */
@Component
class IncidentStore {

    private final Driver driver;

    IncidentStore(Driver driver) {
        this.driver = driver;
    }

    record NewBreach(String key, String service, String environment, String slo, String severity, Instant startsAt) {}

    List<NewBreach> breachesWithoutIncident(int limit) {
        try (Session session = driver.session()) {
            return session.executeRead(
                    tx -> tx.run(IncidentStatements.BREACHES_WITHOUT_INCIDENT, Map.of("limit", limit))
                            .list(IncidentStore::newBreach));
        }
    }

    /**
     * Breaches of incidents recorded since {@code since}, newest first, at most {@code limit}: their context is still
     * being completed.
     */
    List<NewBreach> settling(Instant since, int limit) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(
                            IncidentStatements.SETTLING,
                            Map.of("since", since.atOffset(ZoneOffset.UTC), "limit", limit))
                    .list(IncidentStore::newBreach));
        }
    }

    /**
     * Breaches of incidents whose context was computed before late traffic within {@code window} of their start
     * reached the graph, newest first, at most {@code limit}.
     */
    List<NewBreach> corrected(Duration window, int limit) {
        try (Session session = driver.session()) {
            return session.executeRead(
                    tx -> tx.run(IncidentStatements.CORRECTED, Map.of("window", window, "limit", limit))
                            .list(IncidentStore::newBreach));
        }
    }

    void save(
            NewBreach breach,
            String id,
            String contextJson,
            String topSuspect,
            String cause,
            List<Ranking.Suspect> suspects,
            Instant now) {
        List<Map<String, Object>> rows = suspects.stream()
                .map(s -> Map.<String, Object>of("id", s.id(), "rank", s.rank(), "score", s.score()))
                .toList();
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> tx.run(
                            IncidentStatements.SAVE,
                            Rows.row(
                                    "breach",
                                    breach.key(),
                                    "service",
                                    breach.service(),
                                    "environment",
                                    breach.environment(),
                                    "slo",
                                    breach.slo(),
                                    "severity",
                                    breach.severity(),
                                    "id",
                                    id,
                                    "now",
                                    now.atOffset(ZoneOffset.UTC),
                                    "context",
                                    contextJson,
                                    "topSuspect",
                                    topSuspect,
                                    "cause",
                                    cause,
                                    "suspects",
                                    rows))
                    .consume());
        }
    }

    /** Closes the incidents whose breach has resolved; returns how many. */
    long closeResolved() {
        try (Session session = driver.session()) {
            return session.executeWrite(tx ->
                    tx.run(IncidentStatements.CLOSE_RESOLVED).single().get(0).asLong());
        }
    }

    private static NewBreach newBreach(Record r) {
        return new NewBreach(
                r.get("key").asString(),
                r.get("service").asString(),
                r.get("environment").asString(),
                r.get("slo").asString(),
                r.get("severity").asString(""),
                instant(r.get("startsAt")));
    }
}
