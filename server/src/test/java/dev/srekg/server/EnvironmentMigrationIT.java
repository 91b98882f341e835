package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.change.GraphChanges;
import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.schema.Migration;
import dev.srekg.graph.schema.MigrationStatements;
import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.stack.EmbeddedNeo4j;
import dev.srekg.stack.FreePorts;
import dev.srekg.test.Graphs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * Issue 15: a graph written by the previous version (services keyed by name alone, migrations V001 to V006) migrates
 * with V007 to the graph that replaying the same facts into an empty graph writes today.
 */
class EnvironmentMigrationIT {

    private static final Instant RECORDED = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aGraphOfThePreviousVersionMigratesToTheGraphItsReplayWrites() {
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), FreePorts.pick());
                Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            applyPreviousVersionSchema(driver);
            writeAsThePreviousVersionDid(driver);

            // V008 (config changes) and V009 (catalog) add constraints and indexes only.
            assertThat(new SchemaMigrations(driver, "prod").apply()).containsExactly(7, 8, 9);

            List<String> migrated = Graphs.snapshot(driver, Set.of());
            assertThat(Graphs.count(driver, "MATCH (s:Service) WHERE s.environment = 'prod' RETURN count(s)"))
                    .isEqualTo(3);
            assertThat(Graphs.count(
                            driver,
                            "MATCH (:Deployment {key: 'argocd d-staging'})-[:DEPLOYS]->"
                                    + "(:Service {environment: 'staging', name: 'checkout'}) RETURN count(*)"))
                    .as("a deploy of another environment moved to that environment's service")
                    .isEqualTo(1);
            assertThat(Graphs.count(
                            driver,
                            "SHOW CONSTRAINTS YIELD name WHERE name IN ['service_identity', 'service_name'] "
                                    + "RETURN count(*)"))
                    .as("the identity constraint replaced the name constraint")
                    .isEqualTo(1);

            Graphs.deleteAllData(driver);
            replayWithTodaysWriter(driver);

            assertThat(Graphs.snapshot(driver, Set.of())).containsExactlyElementsOf(migrated);
        }
    }

    /** Migrations V001 to V006 applied and recorded, as the previous version left them. */
    private static void applyPreviousVersionSchema(Driver driver) {
        try (Session session = driver.session()) {
            session.run(MigrationStatements.CONSTRAINT).consume();
            for (Migration m : Migration.all()) {
                if (m.version() >= 7) {
                    continue;
                }
                m.statements().forEach(s -> session.run(s).consume());
                session.run(
                                MigrationStatements.RECORD,
                                Map.of("version", m.version(), "name", m.name(), "checksum", m.checksum()))
                        .consume();
            }
        }
    }

    /**
     * The previous version's writes of the same facts (its WriteStatement and TrafficStatements at b093e8b):
     * services merged by name, deploys keeping the environment only as a property ({@code ''} when unnamed), SLOs
     * keyed by service and name, hours keyed by names.
     */
    private static void writeAsThePreviousVersionDid(Driver driver) {
        Map<String, Object> p = new HashMap<>();
        p.put("recordedAt", RECORDED.atOffset(ZoneOffset.UTC));
        p.put("hour", HOUR.atOffset(ZoneOffset.UTC));
        p.put("minute", HOUR.plusSeconds(300).atOffset(ZoneOffset.UTC));
        p.put("edgeKey", "frontend|checkout|CALL|" + HOUR);
        p.put("serviceKey", "checkout|" + HOUR);
        p.put("edgeValues", TraceChanges.added(edgeWindow(), Map.of()));
        p.put("serviceValues", TraceChanges.added(serviceWindow(), Map.of()));
        for (Deployment d : deploys()) {
            p.put(d.key(), GraphChanges.of(d, RECORDED).get(0).row().get("props"));
        }
        p.put("breachProps", GraphChanges.of(breach(), RECORDED).get(0).row().get("props"));
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> {
                for (Deployment d : deploys()) {
                    Map<String, Object> props = new HashMap<>(asMap(p.get(d.key())));
                    // The previous version kept what the producer said: nothing for the PagerDuty change.
                    props.put("environment", d.key().startsWith("pagerduty") ? "" : d.environment());
                    tx.run(
                                    """
                                    MERGE (s:Service {name: $service})
                                      ON CREATE SET s.firstSeen = $at, s.recordedAt = $recordedAt
                                    SET s.firstSeen = CASE WHEN $at < s.firstSeen THEN $at ELSE s.firstSeen END,
                                        s.virtual = false
                                    MERGE (d:Deployment {key: $key})
                                      ON CREATE SET d += $props, d.recordedAt = $recordedAt
                                    MERGE (d)-[:DEPLOYS]->(s)
                                    """,
                                    Map.of(
                                            "service", d.service(),
                                            "at", d.at().atOffset(ZoneOffset.UTC),
                                            "recordedAt", RECORDED.atOffset(ZoneOffset.UTC),
                                            "key", d.key(),
                                            "props", props))
                            .consume();
                }
                tx.run("""
                                MERGE (a:Service {name: 'frontend'})
                                  ON CREATE SET a.firstSeen = $minute, a.recordedAt = $recordedAt, a.virtual = false
                                MERGE (b:Service {name: 'checkout'})
                                SET b.firstSeen = CASE WHEN $minute < b.firstSeen THEN $minute ELSE b.firstSeen END
                                CREATE (a)-[:DEPENDS_ON {kind: 'CALL', since: $minute, lastSeen: $minute, open: true,
                                                         recordedAt: $recordedAt}]->(b)
                                CREATE (e:EdgeHour {key: $edgeKey,
                                                    source: 'frontend', target: 'checkout', kind: 'CALL', hour: $hour,
                                                    recordedAt: $recordedAt})
                                SET e += $edgeValues
                                CREATE (h:ServiceHour {key: $serviceKey,
                                                       service: 'checkout', hour: $hour, recordedAt: $recordedAt})
                                SET h += $serviceValues
                                MERGE (slo:Slo {key: 'checkout/requests-availability'})
                                  ON CREATE SET slo.name = 'requests-availability', slo.service = 'checkout',
                                                slo.generator = 'sloth', slo.recordedAt = $recordedAt
                                MERGE (slo)-[:OF]->(b)
                                CREATE (br:SloBreach) SET br += $breachProps, br.key = 'fp1 2026-11-20T10:30:00Z',
                                                          br.recordedAt = $recordedAt
                                REMOVE br.environment
                                MERGE (br)-[:BREACHES]->(slo)
                                """, p).consume();
            });
        }
    }

    /** The same facts through today's writer, into an empty graph. */
    private static void replayWithTodaysWriter(Driver driver) {
        GraphWriter writer = new GraphWriter(driver, Clock.fixed(RECORDED, ZoneOffset.UTC));
        writer.write(deploys());
        TrafficWindow edge = edgeWindow();
        TrafficWindow service = serviceWindow();
        writer.writeTraffic(
                List.of(edge, service),
                List.of(
                        TraceChanges.of(
                                new EdgeActivity(
                                        (TrafficWindow.Subject.Edge) edge.subject(),
                                        HOUR.plusSeconds(300),
                                        HOUR.plusSeconds(300)),
                                Duration.ofMinutes(10),
                                RECORDED),
                        TraceChanges.serviceActive(service, RECORDED)));
        writer.write(List.of(breach()));
    }

    private static List<Deployment> deploys() {
        return List.of(
                new Deployment(
                        "argocd d-prod",
                        "checkout",
                        "prod",
                        "",
                        Deployment.Action.DEPLOYED,
                        "pkg:oci/checkout@1.0",
                        "1.0",
                        "",
                        HOUR.plusSeconds(60),
                        null),
                new Deployment(
                        "pagerduty cart",
                        "cart",
                        "",
                        "",
                        Deployment.Action.DEPLOYED,
                        "",
                        "2.0",
                        "deploy",
                        HOUR.plusSeconds(120),
                        null),
                // Staging's checkout, later than every fact of prod's: the previous version merged it into one service.
                new Deployment(
                        "argocd d-staging",
                        "checkout",
                        "staging",
                        "",
                        Deployment.Action.DEPLOYED,
                        "pkg:oci/checkout@1.1",
                        "1.1",
                        "",
                        HOUR.plusSeconds(1800),
                        null));
    }

    private static Breach breach() {
        return new Breach(
                "fp1 2026-11-20T10:30:00Z",
                "checkout",
                "",
                "requests-availability",
                Breach.Objective.AVAILABILITY,
                "sloth",
                "SlothErrorBudgetBurn",
                "page",
                "",
                "",
                "",
                Instant.parse("2026-11-20T10:30:00Z"),
                null);
    }

    private static TrafficWindow edgeWindow() {
        TrafficWindow w = TrafficWindow.empty(
                new TrafficWindow.Subject.Edge(
                        new ServiceId("prod", "frontend"), new ServiceId("prod", "checkout"), "CALL", false),
                HOUR);
        w.addMinute(5, 7, 1, 7000, new long[Latency.BUCKETS]);
        return w;
    }

    private static TrafficWindow serviceWindow() {
        TrafficWindow w =
                TrafficWindow.empty(new TrafficWindow.Subject.Service(new ServiceId("prod", "checkout")), HOUR);
        w.addMinute(5, 7, 1, 7000, new long[Latency.BUCKETS]);
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
