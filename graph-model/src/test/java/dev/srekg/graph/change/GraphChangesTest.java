package dev.srekg.graph.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.tickets.Ticket;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphChangesTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:00Z");
    private static final Instant RECORDED = Instant.parse("2026-11-20T10:15:02Z");
    private static final OffsetDateTime AT_UTC = OffsetDateTime.of(2026, 11, 20, 10, 15, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime RECORDED_UTC = OffsetDateTime.of(2026, 11, 20, 10, 15, 2, 0, ZoneOffset.UTC);

    @Test
    void deploymentBecomesOneDeploymentRowWithBothClocks() {
        Deployment d = new Deployment(
                "ci/prod 42",
                "checkout",
                "prod",
                "eu-1",
                Deployment.Action.DEPLOYED,
                "pkg:oci/checkout@1.4.2",
                "1.4.2",
                "",
                AT,
                AT.minusSeconds(3600));

        GraphChange c = single(GraphChanges.of(d, RECORDED));

        assertThat(c.statement()).isEqualTo(WriteStatement.DEPLOYMENT);
        assertThat(c.row())
                .containsEntry("key", "ci/prod 42")
                .containsEntry("service", "checkout")
                .containsEntry("environment", "prod")
                .containsEntry("at", AT_UTC)
                .containsEntry("recordedAt", RECORDED_UTC);
        assertThat(props(c))
                .containsEntry("environment", "prod")
                .containsEntry("cluster", "eu-1")
                .containsEntry("action", "DEPLOYED")
                .containsEntry("version", "1.4.2")
                .containsEntry("at", AT_UTC)
                .containsEntry("changedAt", AT_UTC.minusHours(1))
                .doesNotContainKey("recordedAt");
    }

    @Test
    void unknownReplicaCountsAreNotStored() {
        ScaleEvent e = new ScaleEvent(
                "uid#1",
                "cart",
                "",
                "shop",
                "",
                "HorizontalPodAutoscaler",
                "FailedRescale",
                ScaleEvent.Direction.UNKNOWN,
                -1,
                -1,
                true,
                "error",
                AT);

        GraphChange c = single(GraphChanges.of(e, RECORDED));

        assertThat(c.statement()).isEqualTo(WriteStatement.SCALE_EVENT);
        assertThat(props(c)).containsEntry("replicas", null).containsEntry("failed", true);
    }

    @Test
    void firingBreachHasNoEndAndCarriesItsSloAndTeam() {
        Breach b = new Breach(
                "fp1 " + AT,
                "checkout",
                "",
                "requests-availability",
                Breach.Objective.AVAILABILITY,
                "sloth",
                "SlothErrorBudgetBurn",
                "page",
                "payments",
                "",
                "",
                AT,
                null);

        GraphChange c = single(GraphChanges.of(b, RECORDED));

        assertThat(c.statement()).isEqualTo(WriteStatement.BREACH);
        assertThat(c.row())
                .containsEntry("sloKey", "prod/checkout/requests-availability") // issue 15: in the default environment
                .containsEntry("environment", "prod")
                .containsEntry("team", "payments")
                .containsEntry("endsAt", null)
                .containsEntry("at", AT_UTC);
        assertThat(props(c)).containsEntry("objective", "availability");
    }

    @Test
    void breachCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new Breach(
                        "k",
                        "checkout",
                        "prod",
                        "slo",
                        Breach.Objective.UNKNOWN,
                        "sloth",
                        "",
                        "",
                        "",
                        "",
                        "",
                        AT,
                        AT.minusSeconds(1)))
                .hasMessageContaining("endsAt");
    }

    @Test
    void ticketRowListsItsServicesOnceEachInNameOrder() {
        Ticket t = new Ticket(
                "jira:OPS-1",
                "jira",
                "Checkout slow",
                "Open",
                "High",
                "",
                "staging",
                List.of("checkout", "cart", "checkout"),
                AT,
                null,
                RECORDED);

        GraphChange c = single(GraphChanges.of(t, RECORDED));

        assertThat(c.row())
                .containsEntry("services", List.of("cart", "checkout"))
                .containsEntry("environment", "staging")
                .containsEntry("closedAt", null);
    }

    @Test
    void deploymentRequiresKeyAndService() {
        assertThatThrownBy(() -> new Deployment(
                        " ", "checkout", null, null, Deployment.Action.DEPLOYED, null, null, null, AT, null))
                .hasMessageContaining("key");
        assertThatThrownBy(() ->
                        new Deployment("k", "", null, null, Deployment.Action.DEPLOYED, null, null, null, AT, null))
                .hasMessageContaining("service");
    }

    @Test // issue 24
    void deploymentCannotShipAChangeMadeAfterIt() {
        assertThatThrownBy(() -> new Deployment(
                        "k",
                        "checkout",
                        null,
                        null,
                        Deployment.Action.DEPLOYED,
                        null,
                        null,
                        null,
                        AT,
                        AT.plusSeconds(1)))
                .hasMessageContaining("changedAt");
    }

    @Test
    void everyWriteStatementUnwindsRows() {
        for (WriteStatement s : WriteStatement.values()) {
            assertThat(s.cypher()).startsWith("UNWIND $rows AS row");
        }
    }

    private static GraphChange single(List<GraphChange> changes) {
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(GraphChange c) {
        return (Map<String, Object>) c.row().get("props");
    }
}
