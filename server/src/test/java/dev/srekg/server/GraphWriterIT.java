package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.test.Graphs;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the ingest writer stores when its writes come again or in an unusual order, against the real Neo4j. */
@ExtendWith(RealStackExtension.class)
class GraphWriterIT {

    @Test
    void aFlushWrittenAgainAfterItsCommitIsNotCountedTwice(RealStack stack) {
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant hour = Instant.parse("2026-11-03T08:00:00Z");
        TrafficWindow window =
                TrafficWindow.empty(new TrafficWindow.Subject.Edge("checkout", "payment", "CALL", false), hour);
        window.addMinute(0, 7, 1, 7000, new long[Latency.BUCKETS]);
        List<GraphChange> changes = List.of(TraceChanges.checkpoint("spans", 0, 42, hour.plusSeconds(90), "flush-1"));

        writer.writeTraffic(List.of(window), changes);
        // The retry of a transaction whose commit went through but whose acknowledgement was lost.
        writer.writeTraffic(List.of(window), changes);
        assertThat(IngestOnly.edgeTotals(stack, "checkout", "payment")).containsExactly(7L, 1L);

        List<GraphChange> next = List.of(TraceChanges.checkpoint("spans", 0, 50, hour.plusSeconds(150), "flush-2"));
        writer.writeTraffic(List.of(window), next);
        assertThat(IngestOnly.edgeTotals(stack, "checkout", "payment")).containsExactly(14L, 2L);
    }

    @Test
    void aServiceFirstNamedByItsNamespaceTakesFirstSeenFromItsTraffic(RealStack stack) {
        GraphWriter writer = new GraphWriter(stack.driver(), Clock.systemUTC());
        Instant hour = Instant.parse("2026-11-03T09:00:00Z");
        // A flush can carry a service's namespace before any of its minutes is written.
        writer.writeChanges(List.of(TraceChanges.serviceNamespace("ledger", "finance", Instant.now())));
        TrafficWindow window = TrafficWindow.empty(new TrafficWindow.Subject.Service("ledger"), hour);
        window.addMinute(5, 3, 0, 3000, new long[Latency.BUCKETS]);
        writer.writeTraffic(List.of(window), List.of(TraceChanges.serviceActive(window, Instant.now())));

        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (s:Service {name: 'ledger', namespace: 'finance'}) "
                                + "WHERE s.firstSeen = datetime('2026-11-03T09:05:00Z') RETURN count(s)"))
                .isEqualTo(1);
    }
}
