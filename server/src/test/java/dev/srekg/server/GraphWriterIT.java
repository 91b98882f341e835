package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.WriteFailure;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.test.Graphs;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the ingest writer stores when its writes come again or in an unusual order, against the real Neo4j. */
@ExtendWith(RealStackExtension.class)
class GraphWriterIT {

    @Test
    void aFlushWrittenAgainAfterItsCommitIsNotCountedTwice(RealStack stack) {
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant hour = Instant.parse("2026-11-03T08:00:00Z");
        TrafficWindow window = TrafficWindow.empty(
                new TrafficWindow.Subject.Edge(
                        new ServiceId("prod", "checkout"), new ServiceId("prod", "payment"), "CALL", false),
                hour);
        window.addMinute(0, 7, 1, 7000, new long[Latency.BUCKETS]);
        List<GraphChange> changes =
                List.of(TraceChanges.checkpoint("spans", 0, checkpoint(42, hour.plusSeconds(90)), "flush-1"));

        writer.writeTraffic(List.of(window), changes);
        // The retry of a transaction whose commit went through but whose acknowledgement was lost.
        writer.writeTraffic(List.of(window), changes);
        assertThat(IngestOnly.edgeTotals(stack, "checkout", "payment")).containsExactly(7L, 1L);

        List<GraphChange> next =
                List.of(TraceChanges.checkpoint("spans", 0, checkpoint(50, hour.plusSeconds(150)), "flush-2"));
        writer.writeTraffic(List.of(window), next);
        assertThat(IngestOnly.edgeTotals(stack, "checkout", "payment")).containsExactly(14L, 2L);
    }

    @Test
    void aServiceFirstNamedByItsNamespaceTakesFirstSeenFromItsTraffic(RealStack stack) {
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant hour = Instant.parse("2026-11-03T09:00:00Z");
        // A flush can carry a service's namespace before any of its minutes is written.
        writer.writeChanges(
                List.of(TraceChanges.serviceNamespace(new ServiceId("prod", "ledger"), "finance", Instant.now())));
        TrafficWindow window =
                TrafficWindow.empty(new TrafficWindow.Subject.Service(new ServiceId("prod", "ledger")), hour);
        window.addMinute(5, 3, 0, 3000, new long[Latency.BUCKETS]);
        writer.writeTraffic(List.of(window), List.of(TraceChanges.serviceActive(window, Instant.now())));

        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (s:Service {name: 'ledger', namespace: 'finance'}) "
                                + "WHERE s.firstSeen = datetime('2026-11-03T09:05:00Z') RETURN count(s)"))
                .isEqualTo(1);
    }

    @Test
    void theClustersAServicesSpansNameAreRecordedOnceEachWithoutSplittingIt(RealStack stack) { // issue 15
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        ServiceId ledger = new ServiceId("prod", "ledger");
        writer.writeChanges(List.of(TraceChanges.serviceClusters(ledger, java.util.Set.of("eu-1"), Instant.now())));
        writer.writeChanges(List.of(
                TraceChanges.serviceClusters(ledger, java.util.Set.of("eu-1"), Instant.now()),
                TraceChanges.serviceClusters(ledger, java.util.Set.of("us-1"), Instant.now())));

        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (s:Service {name: 'ledger'}) WHERE s.environment = 'prod' "
                                + "AND s.clusters = ['eu-1', 'us-1'] RETURN count(s)"))
                .isEqualTo(1);
        assertThat(Graphs.count(stack.driver(), "MATCH (s:Service {name: 'ledger'}) RETURN count(s)"))
                .isEqualTo(1);
    }

    @Test
    void servicesWithTrafficOfTheirOwnReadBackAsInstrumentedVirtualPeersAndCallersDoNot(RealStack stack) { // issue 21
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant hour = Instant.parse("2026-11-03T11:00:00Z");
        TrafficWindow served =
                TrafficWindow.empty(new TrafficWindow.Subject.Service(new ServiceId("prod", "gate-info")), hour);
        served.addMinute(0, 2, 0, 2000, new long[Latency.BUCKETS]);
        TrafficWindow.Subject.Edge toDb = new TrafficWindow.Subject.Edge(
                new ServiceId("prod", "gate-info"), new ServiceId("prod", "postgresql/gates"), "CALL", true);
        TrafficWindow call = TrafficWindow.empty(toDb, hour);
        call.addMinute(0, 2, 0, 1000, new long[Latency.BUCKETS]);
        Instant now = Instant.now();
        writer.writeTraffic(
                List.of(served, call),
                List.of(
                        TraceChanges.serviceActive(served, now),
                        TraceChanges.of(new EdgeActivity(toDb, hour, hour), Duration.ofMinutes(10), now)));
        // frontend is known only as a caller (of an edge), and checkout only from a deploy-like namespace fact.
        TrafficWindow.Subject.Edge fromFrontend = new TrafficWindow.Subject.Edge(
                new ServiceId("prod", "frontend"), new ServiceId("prod", "gate-info"), "CALL", false);
        writer.writeChanges(List.of(
                TraceChanges.of(new EdgeActivity(fromFrontend, hour, hour), Duration.ofMinutes(10), now),
                TraceChanges.serviceNamespace(new ServiceId("prod", "checkout"), "shop", now)));

        assertThat(writer.readInstrumentedServices()).containsExactly("gate-info");
    }

    @Test
    void aCheckpointReadsBackWithWhatItSaysIsCountedAndItsPendingHalves(RealStack stack) { // issue 21
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant through = Instant.parse("2026-11-03T10:04:30Z");
        TraceCheckpoint written = new TraceCheckpoint(
                17,
                through,
                List.of(
                        new TraceCheckpoint.Counted(
                                40,
                                through,
                                Set.of(new TraceCheckpoint.Pending(21, 7), new TraceCheckpoint.Pending(30, 9))),
                        new TraceCheckpoint.Counted(55, through.minusSeconds(120), Set.of())));
        writer.writeChanges(List.of(TraceChanges.checkpoint("spans", 2, written, "flush-1")));

        assertThat(writer.readCheckpoints("spans", List.of(1, 2))).containsExactly(Map.entry(2, written));
    }

    @Test
    void aCorrectionJoinsTheEdgeIntervalsItBridges(RealStack stack) { // issue 21
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        TrafficWindow.Subject.Edge edge = new TrafficWindow.Subject.Edge(
                new ServiceId("prod", "batch"), new ServiceId("prod", "ledger"), "CALL", false);
        Instant t = Instant.parse("2026-11-03T06:00:00Z");
        Duration idle = Duration.ofMinutes(10);
        Instant now = Instant.now();
        // Two periods of activity 15 minutes apart, the first closed as idle.
        writer.writeChanges(List.of(TraceChanges.of(new EdgeActivity(edge, t, t.plusSeconds(60)), idle, now)));
        writer.writeChanges(List.of(TraceChanges.closeIdleEdges(t.plusSeconds(61 + 600))));
        writer.writeChanges(List.of(
                TraceChanges.of(new EdgeActivity(edge, t.plusSeconds(16 * 60), t.plusSeconds(20 * 60)), idle, now)));
        assertThat(Graphs.count(stack.driver(), "MATCH (:Service {name: 'batch'})-[d:DEPENDS_ON]->() RETURN count(d)"))
                .isEqualTo(2);

        // Late spans of the minutes between them, and of a minute long before: one interval, and one of its own.
        writer.writeChanges(List.of(
                TraceChanges.of(new EdgeActivity(edge, t.plusSeconds(8 * 60), t.plusSeconds(8 * 60)), idle, now),
                TraceChanges.of(new EdgeActivity(edge, t.minusSeconds(3600), t.minusSeconds(3600)), idle, now),
                TraceChanges.closeIdleEdges(t.plusSeconds(10 * 60))));

        try (var session = stack.driver().session()) {
            var intervals = session.run("MATCH (:Service {name: 'batch'})-[d:DEPENDS_ON]->() "
                            + "RETURN d.since AS since, d.lastSeen AS lastSeen, d.open AS open ORDER BY since")
                    .list(r -> List.of(
                            r.get("since").asZonedDateTime().toInstant(),
                            r.get("lastSeen").asZonedDateTime().toInstant(),
                            r.get("open").asBoolean()));
            assertThat(intervals)
                    .containsExactly(
                            List.of(t.minusSeconds(3600), t.minusSeconds(3600), false),
                            List.of(t, t.plusSeconds(20 * 60), true));
        }
    }

    /**
     * Streams writing at once through one writer: every batch is stored once, and a batch Neo4j rejects fails for its
     * caller alone. Issue 19.
     */
    @Test
    void batchesOfManyStreamsAtOnceAreAllStoredAndARejectedOneFailsOnlyItsCaller(RealStack stack) throws Exception {
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        String run = "group" + System.nanoTime();
        ExecutorService streams = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> good = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int stream = s;
                good.add(streams.submit(() -> {
                    for (int b = 0; b < 10; b++) {
                        writer.write(deployments(run, stream, b, 100));
                    }
                }));
            }
            Future<?> unstorable = streams.submit(() -> writer.write(List.of(new Unstorable(run + "-nested"))));

            for (Future<?> f : good) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertThatThrownBy(() -> unstorable.get(2, TimeUnit.MINUTES))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WriteFailure.Rejected.class);
        } finally {
            streams.shutdownNow();
        }
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (d:Deployment)-[:DEPLOYS]->(:Service) WHERE d.key STARTS WITH '" + run
                                + "' RETURN count(d)"))
                .isEqualTo(4 * 10 * 100);
    }

    private static List<Deployment> deployments(String run, int stream, int batch, int size) {
        List<Deployment> deployments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            deployments.add(new Deployment(
                    run + "-" + stream + "-" + batch + "-" + i,
                    run + "-svc-" + (i * 7 + stream) % 50,
                    "prod",
                    "",
                    Deployment.Action.DEPLOYED,
                    "",
                    "1." + i,
                    "",
                    Instant.parse("2026-11-03T10:00:00Z").plusSeconds(i),
                    null));
        }
        return deployments;
    }

    /** A change Neo4j refuses to store: a map as a property value. */
    private record Unstorable(String key) implements ChangeEvent {
        @Override
        public Instant at() {
            return Instant.parse("2026-11-03T10:00:00Z");
        }

        @Override
        public GraphChange change(Instant recordedAt) {
            return GraphChange.ofServiceFact(
                    WriteStatement.DEPLOYMENT,
                    key,
                    "prod",
                    key + "-svc",
                    at(),
                    recordedAt,
                    Map.of("nested", Map.of("not", "storable")));
        }
    }

    private static TraceCheckpoint checkpoint(long offset, Instant through) {
        return new TraceCheckpoint(offset, through, List.of(new TraceCheckpoint.Counted(offset, through, Set.of())));
    }
}
