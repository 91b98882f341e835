package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.test.EventTime;
import dev.srekg.test.Fixtures;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code srekg.ingest.identity.service-namespace=identity} (issue 15, item 1): a namespace the spans' resources name
 * ({@code service.namespace}), or a Kubernetes event's object namespace, qualifies the service's name, so the same
 * name in two namespaces is two services with exact call counts each; the configured cluster of the Kubernetes events
 * is recorded on their scale events (item 2). An ingest worker of the test's own (its topics,
 * its consumer group) writes through the real broker to the real Neo4j.
 */
@ExtendWith(RealStackExtension.class)
class NamespaceIdentityIT {

    @Test
    void theSameNameInTwoNamespacesIsTwoServicesWhenTheNamespaceIsPartOfTheIdentity(RealStack stack) throws Exception {
        String prefix = "ns-identity-" + System.nanoTime();
        try (var admin = stack.admin()) {
            TopicProvisioning.ensure(admin, IngestOnly.topics(prefix), 3, (short) 1);
        }
        Instant t = EventTime.nextHour().plusSeconds(62);
        try (var ingest = IngestOnly.start(
                stack,
                prefix,
                "ns-identity",
                "--srekg.ingest.identity.service-namespace=identity",
                "--srekg.ingest.identity.kubernetes-cluster=eu-west",
                "--srekg.ingest.traces.idle-flush=1s",
                "--srekg.ingest.traces.partition-idle-timeout=1s")) {
            List<Otlp.S> shop = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                shop.addAll(call(trace(3100 + i), t.plusSeconds(i)));
            }
            List<Otlp.S> billing = new ArrayList<>(call(trace(3200), t));
            KafkaRecords.send(
                    stack, prefix, null, Otlp.proto(shop, Map.of("nsweb", "nsshop", "nsapi", "nsshop")), Map.of());
            KafkaRecords.send(
                    stack,
                    prefix,
                    null,
                    Otlp.proto(billing, Map.of("nsweb", "nsbilling", "nsapi", "nsbilling")),
                    Map.of());
            // An HPA event about nsapi in Kubernetes namespace nsshop scales nsshop.nsapi.
            String hpa = new String(Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), "UTF-8")
                    .replace("\"shop\"", "\"nsshop\"")
                    .replace("\"checkout\"", "\"nsapi\"")
                    .replace("4c5b8a43-2f5e-4a51-9c1d-8f0a2b6e7d11", "ns-identity-" + System.nanoTime());
            KafkaRecords.send(stack, prefix + ".scaling", null, hpa.getBytes("UTF-8"), Map.of());

            ServerIT.awaitCount(
                    stack,
                    "MATCH (h:EdgeHour) WHERE h.target IN ['nsshop.nsapi', 'nsbilling.nsapi'] RETURN count(h)",
                    2,
                    java.time.Duration.ofSeconds(90));
            assertThat(IngestOnly.edgeTotals(stack, "nsshop.nsweb", "nsshop.nsapi"))
                    .containsExactly(3L, 0L);
            assertThat(IngestOnly.edgeTotals(stack, "nsbilling.nsweb", "nsbilling.nsapi"))
                    .containsExactly(1L, 0L);
            assertThat(IngestOnly.edgeTotals(stack, "nsweb", "nsapi")).containsExactly(0L, 0L);
            assertThat(Graphs.count(
                            stack.driver(),
                            "MATCH (s:Service {environment: 'prod'}) WHERE s.name ENDS WITH '.nsapi' "
                                    + "AND s.namespace = split(s.name, '.')[0] RETURN count(s)"))
                    .as("one service per namespace, the namespace kept as its attribute")
                    .isEqualTo(2);
            ServerIT.awaitCount(
                    stack,
                    "MATCH (:ScaleEvent {service: 'nsshop.nsapi', namespace: 'nsshop', cluster: 'eu-west'})-[:SCALES]->"
                            + "(:Service {environment: 'prod', name: 'nsshop.nsapi'}) RETURN count(*)",
                    1);
        }
    }

    private static List<Otlp.S> call(String trace, Instant t) {
        return List.of(
                span("nsweb", trace, Otlp.span(1), "", CLIENT, t, 15),
                span("nsapi", trace, Otlp.span(2), Otlp.span(1), SERVER, t.plusMillis(2), 10));
    }
}
