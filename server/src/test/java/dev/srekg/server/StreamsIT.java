package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each stream through the real broker into the real Neo4j, in the producers' own formats. Issue 3.
 *
 * <p>Records of one topic are keyed alike, so they share a partition and are consumed in order.
 */
class StreamsIT extends ServerIT {

    @Test
    void hpaRescaleBecomesAScaleEventOfItsService(RealStack stack) {
        KafkaRecords.send(
                stack, "sre.scaling", "it", Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), Map.of());

        awaitCount(
                stack,
                "MATCH (e:ScaleEvent {replicas: 5, direction: 'UP', reason: 'SuccessfulRescale'})"
                        + "-[:SCALES]->(:Service {name: 'checkout'}) RETURN count(e)",
                1);
    }

    @Test
    void ticketLinksToEveryServiceItNamesAndClosesWhenResolved(RealStack stack) {
        KafkaRecords.send(stack, "sre.tickets", "it", Fixtures.bytes("jira/issue-created.json"), Map.of());
        awaitCount(stack, "MATCH (:Ticket {key: 'jira:OPS-1234'})-[r:ABOUT]->(:Service) RETURN count(r)", 2);

        KafkaRecords.send(stack, "sre.tickets", "it", Fixtures.bytes("jira/issue-resolved.json"), Map.of());
        awaitCount(stack, "MATCH (t:Ticket {key: 'jira:OPS-1234', status: 'Resolved'}) RETURN count(t)", 1);

        assertThat(openTickets("payment", "2026-11-20T11:00:00Z")).containsExactly("jira:OPS-1234");
        assertThat(openTickets("payment", "2026-11-20T12:30:00Z")).isEmpty();
    }

    @Test
    void olderTicketUpdateArrivingLateDoesNotUndoANewerOne(RealStack stack) {
        KafkaRecords.send(stack, "sre.tickets", "it", Fixtures.bytes("jira/issue-resolved.json"), Map.of());
        KafkaRecords.send(stack, "sre.tickets", "it", Fixtures.bytes("jira/issue-created.json"), Map.of());
        // A marker after both: once it is written, both updates have been consumed.
        KafkaRecords.send(stack, "sre.tickets", "it", Fixtures.bytes("github/issue-opened.json"), Map.of());
        awaitCount(stack, "MATCH (t:Ticket {key: 'github:shop/shipping-service#42'}) RETURN count(t)", 1);

        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (t:Ticket {key: 'jira:OPS-1234', status: 'Resolved'}) WHERE t.closedAt IS NOT NULL "
                                + "RETURN count(t)"))
                .isEqualTo(1);
    }

    @Test
    void firingAlertOpensABreachOfItsSloAndResolvedAlertClosesIt(RealStack stack) {
        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of());
        awaitCount(
                stack,
                "MATCH (b:SloBreach)-[:BREACHES]->(:Slo {name: 'requests-availability', generator: 'sloth'})"
                        + "-[:OF]->(:Service {name: 'checkout'})<-[:OWNS]-(:Team {name: 'payments'}) "
                        + "WHERE b.endsAt IS NULL RETURN count(b)",
                1);
        assertThat(activeBreaches("checkout", "2026-11-20T10:45:00Z")).containsExactly("requests-availability");

        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-resolved.json"), Map.of());
        awaitCount(stack, "MATCH (b:SloBreach) WHERE b.endsAt IS NOT NULL RETURN count(b)", 1);

        assertThat(activeBreaches("checkout", "2026-11-20T11:10:00Z")).isEmpty();
        assertThat(activeBreaches("checkout", "2026-11-20T10:45:00Z")).containsExactly("requests-availability");
        assertThat(Graphs.count(stack.driver(), "MATCH (b:SloBreach) RETURN count(b)"))
                .isEqualTo(1);
    }

    @Test
    void lateFiringCopyNeverReopensAResolvedBreach(RealStack stack) {
        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-resolved.json"), Map.of());
        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of());
        KafkaRecords.send(stack, "sre.alerts", "it", Fixtures.bytes("srekg/breach.json"), Map.of());
        awaitCount(stack, "MATCH (b:SloBreach {service: 'frontend'}) RETURN count(b)", 1);

        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (b:SloBreach {service: 'checkout'}) WHERE b.endsAt IS NOT NULL RETURN count(b)"))
                .isEqualTo(1);
    }

    @Test
    void alertmanagerPayloadWithManyAlertsWritesABreachPerAlertThatNamesAService(RealStack stack) {
        KafkaRecords.send(
                stack, "sre.alerts", "it", Fixtures.bytes("alertmanager/pyrra-grafana-generic.json"), Map.of());

        awaitCount(stack, "MATCH (b:SloBreach)-[:BREACHES]->(:Slo)-[:OF]->(:Service) RETURN count(b)", 3);
        assertThat(Graphs.count(
                        stack.driver(), "MATCH (s:Slo {generator: 'pyrra', name: 'cart-errors'}) RETURN count(s)"))
                .isEqualTo(1);
    }

    @Test
    void pagerDutyChangeEventIsADeployment(RealStack stack) {
        KafkaRecords.send(stack, "sre.deploys", "it", Fixtures.bytes("pagerduty/change-event.json"), Map.of());

        awaitCount(
                stack,
                "MATCH (d:Deployment {version: '5.2.0'})-[:DEPLOYS]->(:Service {name: 'cart'}) RETURN count(d)",
                1);
    }

    private java.util.List<String> openTickets(String service, String at) {
        return fieldOfEach(service, at, "openTickets", "key");
    }

    private java.util.List<String> activeBreaches(String service, String at) {
        return fieldOfEach(service, at, "activeBreaches", "slo");
    }

    private java.util.List<String> fieldOfEach(String service, String at, String list, String field) {
        JsonNode view = json(get("/api/v1/services/" + service + "?at=" + at));
        return view.path(list).valueStream().map(n -> n.path(field).asString()).toList();
    }
}
