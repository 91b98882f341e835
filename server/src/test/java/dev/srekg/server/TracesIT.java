package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.Otlp;
import dev.srekg.graph.time.AsOf;
import dev.srekg.test.EventTime;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/**
 * Spans through the real broker into per-minute traffic and dependency edges in the real Neo4j. Issue 4.
 *
 * <p>The trace worker of the shared application keeps its watermark across tests, so each test works in an hour of
 * its own ({@link EventTime}).
 */
class TracesIT extends ServerIT {

    private static final AtomicInteger TRACES = new AtomicInteger();

    private static Instant nextHour() {
        TRACES.incrementAndGet();
        return EventTime.nextHour();
    }

    @Test
    void traceSplitAcrossRecordsBecomesEdgesWithExactCounts(RealStack stack) {
        Instant t = nextHour().plusSeconds(62);
        String tr = trace(100 + TRACES.get());
        // frontend's half of the trace in one record, checkout's in another, as separate exporters would send them.
        byte[] frontend = Otlp.proto(List.of(
                span("frontend", tr, Otlp.span(1), "", SERVER, t, 300),
                span("frontend", tr, Otlp.span(2), Otlp.span(1), CLIENT, t.plusMillis(10), 200),
                span("frontend", tr, Otlp.span(5), Otlp.span(1), CLIENT, t.plusMillis(20), 30)));
        byte[] checkout = Otlp.proto(List.of(
                span("checkout", tr, Otlp.span(3), Otlp.span(2), SERVER, t.plusMillis(15), 180)
                        .failed(),
                span("checkout", tr, Otlp.span(4), Otlp.span(3), CLIENT, t.plusMillis(20), 12)
                        .withAttributes(
                                Map.of("db.system", "postgresql", "db.name", "orders", "server.address", "10.0.4.12")),
                span("cart", tr, Otlp.span(6), Otlp.span(5), SERVER, t.plusMillis(22), 25)));
        KafkaRecords.send(stack, "otlp_spans", null, frontend, Map.of());
        KafkaRecords.send(stack, "otlp_spans", null, checkout, Map.of());

        awaitCount(stack, "MATCH (h:EdgeHour) RETURN count(h)", 3);
        assertThat(edgeTotals(stack, "frontend", "checkout")).containsExactly(1L, 1L);
        assertThat(edgeTotals(stack, "frontend", "cart")).containsExactly(1L, 0L);
        assertThat(edgeTotals(stack, "checkout", "postgresql/orders")).containsExactly(1L, 0L);
        assertThat(Graphs.count(
                        stack.driver(), "MATCH (s:Service {name: 'postgresql/orders', virtual: true}) RETURN count(s)"))
                .isEqualTo(1);
        assertThat(Graphs.count(stack.driver(), "MATCH (s:Service) WHERE s.name STARTS WITH '10.' RETURN count(s)"))
                .isZero();
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (h:ServiceHour {service: 'checkout'}) WHERE h.calls[1] = 1 AND h.errors[1] = 1 "
                                + "RETURN count(h)"))
                .isEqualTo(1);
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (:Service {name: 'frontend'})-[d:DEPENDS_ON {kind: 'CALL', open: true}]->"
                                + "(:Service {name: 'checkout'}) RETURN count(d)"))
                .isEqualTo(1);
    }

    @Test
    void edgeThatStopsBeingCalledIsAbsentFromTheTopologyAfterItCloses(RealStack stack) {
        Instant t = nextHour();
        String tr = trace(200 + TRACES.get());
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(
                        span("shipping", tr, Otlp.span(1), "", CLIENT, t.plusSeconds(10), 40),
                        span("quote", tr, Otlp.span(2), Otlp.span(1), SERVER, t.plusSeconds(10), 30))),
                Map.of());
        awaitCount(stack, "MATCH ()-[d:DEPENDS_ON {open: true}]->(:Service {name: 'quote'}) RETURN count(d)", 1);

        // Two hours later only shipping's own traffic: the watermark passes the idle timeout of the edge.
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(span("shipping", trace(999), Otlp.span(9), "", SERVER, t.plusSeconds(7200), 5))),
                Map.of());
        awaitCount(stack, "MATCH ()-[d:DEPENDS_ON {open: false}]->(:Service {name: 'quote'}) RETURN count(d)", 1);

        assertThat(topology(stack, t.plusSeconds(30))).contains("shipping->quote");
        assertThat(topology(stack, t.plusSeconds(3600))).doesNotContain("shipping->quote");
        assertThat(topology(stack, t.minusSeconds(60))).doesNotContain("shipping->quote");
    }

    @Test
    void recordThatIsNotOtlpGoesToTheDeadLetterTopicAndSpansAfterItCount(RealStack stack) {
        Instant t = nextHour();
        byte[] garbage = ("garbage-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        KafkaRecords.send(stack, "otlp_spans", null, garbage, Map.of());
        KafkaRecords.send(
                stack,
                "otlp_spans",
                null,
                Otlp.proto(List.of(
                        span("email", trace(300 + TRACES.get()), Otlp.span(1), "", SERVER, t.plusSeconds(1), 5))),
                Map.of());

        ConsumerRecord<byte[], byte[]> dead =
                KafkaRecords.awaitRecord(stack, "otlp_spans.dlq", r -> java.util.Arrays.equals(r.value(), garbage));
        assertThat(KafkaRecords.header(dead, "srekg.dlq.reason")).startsWith("not OTLP protobuf TracesData");
        awaitCount(stack, "MATCH (h:ServiceHour {service: 'email'}) RETURN count(h)", 1);
    }

    private static List<Long> edgeTotals(RealStack stack, String from, String to) {
        return IngestOnly.edgeTotals(stack, from, to);
    }

    private static List<String> topology(RealStack stack, Instant at) {
        try (Session session = stack.driver().session()) {
            return session.run(
                            "MATCH (a:Service)-[d:DEPENDS_ON]->(b:Service) WHERE " + AsOf.edgeActive("d")
                                    + " RETURN a.name + '->' + b.name AS edge",
                            Map.of(
                                    "at",
                                    at.atOffset(ZoneOffset.UTC),
                                    "knownAt",
                                    Instant.now().atOffset(ZoneOffset.UTC)))
                    .list(r -> r.get("edge").asString());
        }
    }
}
