package dev.srekg.api.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Delivery and reliability figures of a period, per group (service, team or environment) and in total. Every figure
 * comes with the deploys or incidents it counted, so each number can be traced to the facts behind it.
 *
 * @param from start of the period (event time, inclusive)
 * @param to end of the period (exclusive)
 * @param knownAt record time: the figures as srekg knew the facts then
 * @param by what the groups are
 * @param groups one entry per service, team or environment, by name
 * @param total the whole selection
 */
public record DeliveryView(Instant from, Instant to, Instant knownAt, Grouping by, List<Group> groups, Group total) {

    /** What a report's groups are. */
    public enum Grouping {
        SERVICE,
        TEAM,
        ENVIRONMENT
    }

    /**
     * The figures of one group.
     *
     * @param name the service, team or environment; {@code (no team)} and {@code (unknown)} where none is known
     */
    public record Group(
            String name,
            Frequency deployments,
            LeadTime leadTime,
            ChangeFailure changeFailure,
            Restore timeToRestore,
            List<SloFigure> slos,
            Map<String, Causes> incidentsByCause) {}

    /**
     * Deployment frequency.
     *
     * @param count deploys in the period (rollbacks included, removals not)
     * @param perDay count divided by the period's length in days
     * @param deploys the deploys counted
     */
    public record Frequency(long count, double perDay, List<DeployRef> deploys) {}

    /**
     * A deploy.
     *
     * @param leadTimeSeconds from its change to the deploy, or null when unknown
     */
    public record DeployRef(
            String key,
            String service,
            String environment,
            String version,
            String action,
            Instant at,
            Instant changedAt,
            Long leadTimeSeconds) {}

    /**
     * Lead time for changes, over the deploys that say when their change was made.
     *
     * @param status {@code known} when at least one deploy said, else {@code unknown}
     * @param known deploys with a change time
     * @param unknown deploys without one
     * @param medianSeconds median lead time, or null when unknown
     * @param p90Seconds 90th percentile (nearest rank), or null when unknown
     */
    public record LeadTime(String status, long known, long unknown, Long medianSeconds, Long p90Seconds) {}

    /**
     * Change failure rate: deploys of the period that became the settled top suspect of an incident, over all
     * deploys of the period. A deploy behind two incidents counts once.
     *
     * @param rate failed / deploys, or null without deploys
     * @param failures the failed deploys with the incidents they caused
     */
    public record ChangeFailure(long failed, long deploys, Double rate, List<FailedDeploy> failures) {}

    /** A deploy that caused incidents. */
    public record FailedDeploy(String key, String service, Instant at, List<String> incidents) {}

    /**
     * Time to restore: from an incident's opening to its resolution, over the incidents opened in the period.
     *
     * @param resolved incidents resolved (as known at the record time)
     * @param unresolved incidents still open
     * @param medianSeconds median, or null when none resolved
     * @param p90Seconds 90th percentile (nearest rank), or null when none resolved
     * @param incidents every incident opened in the period
     */
    public record Restore(
            long resolved, long unresolved, Long medianSeconds, Long p90Seconds, List<IncidentRef> incidents) {}

    /**
     * An incident.
     *
     * @param restoreSeconds open to resolve, or null while open
     * @param cause the class of its top suspect
     * @param settled whether its top suspect is final
     */
    public record IncidentRef(
            String id,
            String service,
            String slo,
            Instant openedAt,
            Instant resolvedAt,
            Long restoreSeconds,
            String cause,
            boolean settled) {}

    /**
     * Breaches of one SLO that overlap the period.
     *
     * @param breaches breaches that started in the period
     * @param breachMinutes minutes of the period during which the SLO was breached (a breach still firing counts up to
     *     the end of the period, or the record time if earlier)
     * @param breachKeys every breach counted
     */
    public record SloFigure(String service, String slo, long breaches, long breachMinutes, List<String> breachKeys) {}

    /** Incidents of one cause class. */
    public record Causes(long count, List<String> incidents) {}
}
