package dev.srekg.api.services;

import static dev.srekg.api.web.GraphValues.instant;

import java.time.Instant;
import java.util.List;
import org.neo4j.driver.types.MapAccessor;

/**
 * A service as the graph knew it at {@code knownAt}, for the moment {@code at}.
 *
 * @param name service name
 * @param environment its environment, with the name its identity
 * @param clusters the Kubernetes clusters its spans name ({@code k8s.cluster.name}); they do not split the service
 * @param firstSeen earliest event time of any fact about it
 * @param at event time the view refers to
 * @param knownAt record time the view refers to: only facts srekg had recorded by then count
 * @param running the deployment running at {@code at}: the latest by event time at or before it, unless that one
 *     removed the service; absent when none
 * @param deployments every deployment known at {@code knownAt}, newest first by event time
 * @param activeBreaches SLO breaches of the service active at {@code at}
 * @param openTickets tickets about the service open at {@code at}
 * @param teams teams owning the service
 */
public record ServiceView(
        String name,
        String environment,
        List<String> clusters,
        Instant firstSeen,
        Instant at,
        Instant knownAt,
        DeploymentView running,
        List<DeploymentView> deployments,
        List<BreachView> activeBreaches,
        List<TicketView> openTickets,
        List<String> teams) {

    /**
     * One deployment.
     *
     * @param key natural key of the source event
     * @param version deployed version
     * @param artifactId deployed artifact
     * @param environment target environment
     * @param action DEPLOYED, UPGRADED, ROLLED_BACK or REMOVED
     * @param at event time
     * @param recordedAt record time: when srekg learned of it
     */
    record DeploymentView(
            String key,
            String version,
            String artifactId,
            String environment,
            String action,
            Instant at,
            Instant recordedAt) {}

    /**
     * One SLO breach.
     *
     * @param key fingerprint and start
     * @param slo SLO name
     * @param objective what the SLO holds: availability, latency or unknown
     * @param severity severity label
     * @param startsAt start
     * @param endsAt end as known at {@code knownAt}; null while firing
     */
    public record BreachView(
            String key, String slo, String objective, String severity, Instant startsAt, Instant endsAt) {

        /** A breach as the reads return it: {@code key}, {@code slo}, {@code objective}, {@code severity}, times. */
        public static BreachView of(MapAccessor b) {
            return new BreachView(
                    b.get("key").asString(),
                    b.get("slo").asString(),
                    b.get("objective").asString(),
                    b.get("severity").asString(""),
                    instant(b.get("startsAt")),
                    instant(b.get("endsAt")));
        }
    }

    /**
     * One ticket.
     *
     * @param key system and ticket id
     * @param title title
     * @param status status as last updated
     * @param url link
     * @param openedAt opened
     */
    record TicketView(String key, String title, String status, String url, Instant openedAt) {}
}
