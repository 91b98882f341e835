package dev.srekg.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.api.delivery.DeliveryView.Group;
import dev.srekg.api.delivery.DeliveryView.Grouping;
import dev.srekg.api.delivery.Facts.CauseClass;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery figures of a small world computed by hand. Issue 24. */
class DeliveryReportTest {

    static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-10-11T00:00:00Z");

    static final List<Facts.Deploy> DEPLOYS = List.of(
            deploy("d1", "cart", "prod", "2026-10-02T10:00:00Z", "2026-10-02T08:00:00Z", "shop"),
            deploy("d2", "cart", "prod", "2026-10-03T10:00:00Z", "2026-10-02T10:00:00Z", "shop"),
            deploy("d3", "payment", "prod", "2026-10-04T10:00:00Z", null, "payments"),
            deploy("d4", "payment", "prod", "2026-10-05T10:00:00Z", "2026-10-05T09:30:00Z", "payments"),
            deploy("d5", "search", "staging", "2026-10-06T10:00:00Z", null, null));

    static final List<Facts.Incident> INCIDENTS = List.of(
            incident("i1", "cart", "2026-10-02T10:10:00Z", "2026-10-02T10:40:00Z", CauseClass.DEPLOY, "d1", true),
            // d4 caused two incidents: its own service's and its caller's
            incident("i2", "payment", "2026-10-05T10:05:00Z", "2026-10-05T10:35:00Z", CauseClass.DEPLOY, "d4", true),
            incident("i3", "cart", "2026-10-05T10:06:00Z", "2026-10-05T11:06:00Z", CauseClass.DEPLOY, "d4", true),
            // not caused by a deploy: a failing dependency
            incident(
                    "i4", "payment", "2026-10-07T12:00:00Z", "2026-10-07T14:00:00Z", CauseClass.DEPENDENCY, null, true),
            incident("i5", "cart", "2026-10-08T00:00:00Z", null, CauseClass.NONE, null, true),
            // still settling: its top suspect may change, so d2 is not counted as failed
            incident("i6", "cart", "2026-10-03T10:05:00Z", "2026-10-03T10:20:00Z", CauseClass.DEPLOY, "d2", false));

    static final List<Facts.Breach> BREACHES = List.of(
            breach("b1", "cart", "availability", "2026-10-02T10:10:00Z", "2026-10-02T10:40:00Z"),
            breach("b2", "payment", "latency", "2026-10-05T10:05:00Z", "2026-10-05T10:35:00Z"),
            breach("b3", "payment", "latency", "2026-10-10T23:50:00Z", null),
            breach("b4", "cart", "availability", "2026-09-30T23:00:00Z", "2026-10-01T00:20:00Z"));

    private static DeliveryView report(Grouping by, DeliveryReport.Selection selection) {
        return DeliveryReport.report(FROM, TO, TO, by, selection, DEPLOYS, INCIDENTS, BREACHES);
    }

    private static Group group(DeliveryView view, String name) {
        return view.groups().stream()
                .filter(g -> g.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void deploymentFrequencyCountsTheDeploysOfThePeriodPerDay() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        assertThat(view.groups()).extracting(Group::name).containsExactly("cart", "payment", "search");
        assertThat(view.total().deployments().count()).isEqualTo(5);
        assertThat(view.total().deployments().perDay()).isEqualTo(0.5);
        assertThat(group(view, "cart").deployments().deploys())
                .extracting(DeliveryView.DeployRef::key)
                .containsExactly("d1", "d2");
    }

    @Test
    void leadTimeIsKnownOnlyForDeploysThatSayWhenTheirChangeWasMade() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        assertThat(group(view, "cart").leadTime()).isEqualTo(new DeliveryView.LeadTime("known", 2, 0, 7200L, 86400L));
        assertThat(group(view, "payment").leadTime()).isEqualTo(new DeliveryView.LeadTime("known", 1, 1, 1800L, 1800L));
        assertThat(group(view, "search").leadTime()).isEqualTo(new DeliveryView.LeadTime("unknown", 0, 1, null, null));
        assertThat(view.total().leadTime()).isEqualTo(new DeliveryView.LeadTime("known", 3, 2, 7200L, 86400L));
    }

    @Test
    void changeFailureRateCountsADeployBehindTwoIncidentsOnceAndIgnoresUnsettledOnes() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        var payment = group(view, "payment").changeFailure();
        assertThat(payment.failed()).isEqualTo(1);
        assertThat(payment.rate()).isEqualTo(0.5);
        assertThat(payment.failures())
                .containsExactly(new DeliveryView.FailedDeploy(
                        "d4", "payment", Instant.parse("2026-10-05T10:00:00Z"), List.of("i2", "i3")));
        assertThat(group(view, "cart").changeFailure().failures())
                .extracting(DeliveryView.FailedDeploy::key)
                .containsExactly("d1");
        assertThat(group(view, "search").changeFailure().rate()).isEqualTo(0.0);
        assertThat(view.total().changeFailure().rate()).isEqualTo(0.4);
    }

    @Test
    void timeToRestoreIsTheMedianAndP90OfResolvedIncidents() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        var cart = group(view, "cart").timeToRestore();
        assertThat(cart.resolved()).isEqualTo(3);
        assertThat(cart.unresolved()).isEqualTo(1);
        assertThat(cart.medianSeconds()).isEqualTo(1800);
        assertThat(cart.p90Seconds()).isEqualTo(3600);
        assertThat(cart.incidents()).extracting(DeliveryView.IncidentRef::id).containsExactly("i1", "i6", "i3", "i5");
        var total = view.total().timeToRestore();
        assertThat(total.medianSeconds()).isEqualTo(1800);
        assertThat(total.p90Seconds()).isEqualTo(7200);
        assertThat(group(view, "search").timeToRestore().medianSeconds()).isNull();
    }

    @Test
    void breachMinutesCountOnlyThePeriodAndAFiringBreachUntilItsEnd() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        assertThat(group(view, "cart").slos())
                .containsExactly(new DeliveryView.SloFigure("cart", "availability", 1, 50, List.of("b1", "b4")));
        assertThat(group(view, "payment").slos())
                .containsExactly(new DeliveryView.SloFigure("payment", "latency", 2, 40, List.of("b2", "b3")));
    }

    @Test
    void incidentsAreCountedByTheClassOfTheirCause() {
        DeliveryView view = report(Grouping.SERVICE, DeliveryReport.Selection.ALL);

        var payment = group(view, "payment").incidentsByCause();
        assertThat(payment.get("deploy").incidents()).containsExactly("i2");
        assertThat(payment.get("dependency").incidents()).containsExactly("i4");
        assertThat(payment.get("none found").count()).isZero();
        var cart = group(view, "cart").incidentsByCause();
        assertThat(cart.get("deploy").incidents()).containsExactly("i1", "i3", "i6");
        assertThat(cart.get("none found").incidents()).containsExactly("i5");
        assertThat(view.total().incidentsByCause().keySet())
                .containsExactly("deploy", "config", "flag", "capacity", "dependency", "other", "none found");
    }

    @Test
    void teamsGroupTheirServicesAndUnownedServicesHaveAGroupOfTheirOwn() {
        DeliveryView view = report(Grouping.TEAM, DeliveryReport.Selection.ALL);

        assertThat(view.groups()).extracting(Group::name).containsExactly("(no team)", "payments", "shop");
        assertThat(group(view, "shop").deployments().count()).isEqualTo(2);
        assertThat(group(view, "payments").changeFailure().failed()).isEqualTo(1);
        assertThat(group(view, DeliveryReport.NO_TEAM).deployments().count()).isEqualTo(1);
    }

    @Test
    void environmentsGroupDeploysIncidentsAndBreachesByTheirServicesEnvironment() { // issue 15
        DeliveryView view = report(Grouping.ENVIRONMENT, DeliveryReport.Selection.ALL);

        assertThat(view.groups()).extracting(Group::name).containsExactly("prod", "staging");
        assertThat(group(view, "prod").deployments().count()).isEqualTo(4);
        assertThat(group(view, "prod").changeFailure().rate()).isEqualTo(0.5);
        assertThat(group(view, "prod").timeToRestore().incidents()).hasSize(6);
        assertThat(group(view, "staging").timeToRestore().incidents()).isEmpty();
        DeliveryView staging = report(Grouping.SERVICE, new DeliveryReport.Selection(null, null, "staging"));
        assertThat(staging.total().deployments().count()).isEqualTo(1);
        assertThat(staging.total().timeToRestore().incidents()).isEmpty();
    }

    @Test
    void aSelectionKeepsOnlyItsServiceOrTeam() {
        DeliveryView view = report(Grouping.SERVICE, new DeliveryReport.Selection(null, "payments", null));

        assertThat(view.groups()).extracting(Group::name).containsExactly("payment");
        assertThat(view.total().deployments().count()).isEqualTo(2);
        assertThat(view.total().timeToRestore().incidents())
                .extracting(DeliveryView.IncidentRef::id)
                .containsExactly("i2", "i4");
    }

    @Test
    void quantilesAreNearestRank() {
        assertThat(DeliveryReport.quantile(List.of(5L), 0.9)).isEqualTo(5);
        assertThat(DeliveryReport.quantile(List.of(4L, 1L, 3L, 2L), 0.5)).isEqualTo(2);
        assertThat(DeliveryReport.quantile(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 0.9))
                .isEqualTo(9);
    }

    @Test
    void suspectKindsMapToCauseClasses() {
        assertThat(CauseClass.ofSuspectKind("deploy")).isEqualTo(CauseClass.DEPLOY);
        assertThat(CauseClass.ofSuspectKind("scale")).isEqualTo(CauseClass.CAPACITY);
        assertThat(CauseClass.ofSuspectKind("anomaly")).isEqualTo(CauseClass.DEPENDENCY);
        assertThat(CauseClass.ofSuspectKind("ticket")).isEqualTo(CauseClass.OTHER);
        assertThat(CauseClass.ofSuspectKind("none")).isEqualTo(CauseClass.NONE);
        assertThat(CauseClass.ofSuspectKind(null)).isEqualTo(CauseClass.NONE);
    }

    private static Facts.Deploy deploy(
            String key, String service, String env, String at, String changedAt, String team) {
        return new Facts.Deploy(
                key,
                service,
                env,
                "DEPLOYED",
                "1.0",
                Instant.parse(at),
                changedAt == null ? null : Instant.parse(changedAt),
                team == null ? List.of() : List.of(team));
    }

    private static Facts.Incident incident(
            String id,
            String service,
            String opened,
            String resolved,
            CauseClass cause,
            String deploy,
            boolean settled) {
        return new Facts.Incident(
                id,
                service,
                "prod",
                "slo",
                Instant.parse(opened),
                resolved == null ? null : Instant.parse(resolved),
                cause,
                deploy,
                settled,
                List.of(service.equals("cart") ? "shop" : "payments"));
    }

    private static Facts.Breach breach(String key, String service, String slo, String starts, String ends) {
        return new Facts.Breach(
                key,
                service,
                "prod",
                slo,
                Instant.parse(starts),
                ends == null ? null : Instant.parse(ends),
                List.of(service.equals("cart") ? "shop" : "payments"));
    }
}
