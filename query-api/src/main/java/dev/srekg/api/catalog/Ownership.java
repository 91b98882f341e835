package dev.srekg.api.catalog;

import java.util.List;

/**
 * Who owns a service and how to reach them, from its catalog description as of the moment asked (issue 18).
 *
 * @param service the service
 * @param ref its catalog entity, {@code component:default/checkout}
 * @param title its display title, or empty
 * @param team the owning group's name, or empty when the catalog names none
 * @param teamTitle the group's display name, or empty
 * @param system the system it belongs to, or empty
 * @param lifecycle {@code production}, {@code experimental}, ... or empty
 * @param tier its tier, or empty
 * @param environment the environment its description names, or empty
 * @param slackChannel the on-call channel: the service's own, else its team's; empty when neither names one
 * @param pagerDutyService the PagerDuty service: the service's own, else its team's; empty when neither names one
 * @param runbooks its runbook links
 * @param links its other links (dashboards, repositories, docs)
 */
public record Ownership(
        String service,
        String ref,
        String title,
        String team,
        String teamTitle,
        String system,
        String lifecycle,
        String tier,
        String environment,
        String slackChannel,
        String pagerDutyService,
        List<Link> runbooks,
        List<Link> links) {

    /** A link of the catalog description. */
    public record Link(String url, String title, String type) {}
}
