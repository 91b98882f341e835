package dev.srekg.api.notify;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * What srekg tells receivers about one state of an incident, rendered when the incident reached that state and kept in
 * the outbox. The generic webhook's body is this record as JSON; Slack and Teams messages are rendered from it.
 *
 * @param idempotencyKey the incident and its state: the same for every attempt, so a receiver can drop a repeat
 * @param event {@code incident.opened}, {@code incident.suspect_settled}, {@code incident.suspect_changed} or
 *     {@code incident.resolved}
 * @param incident the incident's id
 * @param service the breached service
 * @param environment its environment ({@code prod}, {@code staging}, ...), or empty when the context names none
 * @param slo the SLO
 * @param severity the alert's severity
 * @param status open or resolved
 * @param openedAt when the breach started
 * @param resolvedAt when it resolved, or null
 * @param generatorUrl the alert's source (Prometheus expression, Grafana panel), or empty
 * @param verdict the context's one sentence: the likely cause, or why there is none
 * @param abstained true when no suspect has health evidence (none is named as the cause)
 * @param suspects the first three suspects with their explanation
 * @param origin where errors originate, or empty when nothing below the service turned unhealthy
 * @param owner who owns the breached service and how to reach them, from the catalog; all empty when it does not
 *     describe the service
 * @param links where to read more
 */
public record IncidentMessage(
        String idempotencyKey,
        String event,
        String incident,
        String service,
        String environment,
        String slo,
        String severity,
        String status,
        Instant openedAt,
        Instant resolvedAt,
        String generatorUrl,
        String verdict,
        boolean abstained,
        List<Suspect> suspects,
        String origin,
        Owner owner,
        Links links) {

    /** How many suspects a message carries. */
    static final int SUSPECTS = 3;

    public IncidentMessage {
        suspects = List.copyOf(suspects);
    }

    /**
     * A ranked suspect.
     *
     * @param rank 1 for the most likely
     * @param kind deploy, scale, ticket, breach, anomaly, ...
     * @param service the service it happened to
     * @param summary one line on the change
     * @param score the ranking's score
     * @param explanation why it ranks there
     * @param team the team that owns its service, from the catalog, or empty
     */
    public record Suspect(
            int rank, String kind, String service, String summary, double score, String explanation, String team) {}

    /**
     * The catalog's ownership of a service (issue 18).
     *
     * @param team the owning team, or empty
     * @param slackChannel the on-call Slack channel, or empty
     * @param pagerDutyService the PagerDuty service, or empty
     * @param runbook the first runbook link, or empty
     */
    public record Owner(String team, String slackChannel, String pagerDutyService, String runbook) {

        static final Owner NONE = new Owner("", "", "", "");

        boolean known() {
            return !team.isEmpty() || !slackChannel.isEmpty() || !pagerDutyService.isEmpty() || !runbook.isEmpty();
        }
    }

    /**
     * Links into srekg.
     *
     * @param incident the incident's page
     * @param context the service's context at the breach's start
     * @param api the incident in the HTTP API
     */
    public record Links(URI incident, URI context, URI api) {}
}
