package dev.srekg.api.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the delivery figures are computed from: the graph's deploys, incidents and SLO breaches of a period. */
final class Facts {

    private Facts() {}

    /**
     * A deploy.
     *
     * @param changedAt when the change it ships was made, or null when its producer did not say
     * @param teams the teams owning its service
     */
    record Deploy(
            String key,
            String service,
            String environment,
            String action,
            String version,
            Instant at,
            Instant changedAt,
            List<String> teams) {

        Duration leadTime() {
            return changedAt == null ? null : Duration.between(changedAt, at);
        }
    }

    /**
     * An incident.
     *
     * @param resolvedAt when its breach resolved, as known at the report's record time, or null
     * @param cause what its top suspect is
     * @param causeDeploy the key of the deploy that is its top suspect, or null
     * @param settled whether its context is no longer recomputed (its top suspect is final)
     * @param teams the teams owning the breached service
     */
    record Incident(
            String id,
            String service,
            String environment,
            String slo,
            Instant openedAt,
            Instant resolvedAt,
            CauseClass cause,
            String causeDeploy,
            boolean settled,
            List<String> teams) {}

    /**
     * An SLO breach.
     *
     * @param endsAt when it ended, as known at the report's record time, or null while it lasts
     */
    record Breach(
            String key,
            String service,
            String environment,
            String slo,
            Instant startsAt,
            Instant endsAt,
            List<String> teams) {}

    /** What caused an incident, from the kind of its top suspect. */
    enum CauseClass {
        DEPLOY("deploy"),
        CONFIG("config"),
        FLAG("flag"),
        CAPACITY("capacity"),
        DEPENDENCY("dependency"),
        OTHER("other"),
        NONE("none found");

        private final String label;

        CauseClass(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        /**
         * The class of a top suspect's kind: a deploy, a config or flag change, a scale event (capacity), an anomaly
         * with no change behind it (a failing dependency), a ticket or another breach (other), or none when the
         * incident has no suspect with evidence.
         */
        static CauseClass ofSuspectKind(String kind) {
            return switch (kind == null ? "" : kind) {
                case "deploy" -> DEPLOY;
                case "config" -> CONFIG;
                case "flag" -> FLAG;
                case "scale" -> CAPACITY;
                case "anomaly" -> DEPENDENCY;
                case "ticket", "breach" -> OTHER;
                default -> NONE;
            };
        }
    }
}
