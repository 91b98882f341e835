package dev.srekg.graph.slo;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An SLO breach: a firing alert from {@code startsAt}, closed at {@code endsAt} once resolved.
 *
 * @param key natural key: the alert's fingerprint and {@code startsAt}
 * @param service the service whose SLO is breached
 * @param environment that service's environment ({@link ServiceId}); null or blank is
 *     {@link ServiceId#DEFAULT_ENVIRONMENT}
 * @param slo the SLO's name (Sloth {@code sloth_slo}, Pyrra {@code slo}, Grafana {@code grafana_slo_uuid}, else the
 *     alert name)
 * @param objective what the SLO holds: availability (errors), latency, or unknown when the alert does not say
 * @param generator who defines the SLO: sloth, pyrra, grafana, or alertmanager for a plain alert
 * @param alertName the alert's {@code alertname}
 * @param severity e.g. page, ticket, critical; or empty
 * @param team owning team from the {@code team} or {@code owner} label, or empty
 * @param summary the {@code summary} or {@code description} annotation, or empty
 * @param generatorUrl link to the source of the alert, or empty
 * @param startsAt when the breach started
 * @param endsAt when it was resolved; null while firing
 */
public record Breach(
        String key,
        String service,
        String environment,
        String slo,
        Objective objective,
        String generator,
        String alertName,
        String severity,
        String team,
        String summary,
        String generatorUrl,
        Instant startsAt,
        Instant endsAt)
        implements ChangeEvent {

    /** What an SLO holds: the share of good requests, or how fast they are served. */
    public enum Objective {
        AVAILABILITY,
        LATENCY,
        UNKNOWN;

        /**
         * What the first of {@code names} that says anything shows: {@code latency}, {@code duration},
         * {@code slow} or {@code response-time} in it for latency; {@code availab...}, {@code error},
         * {@code success} or {@code uptime} for availability (case-insensitive).
         */
        public static Objective named(String... names) {
            for (String name : names) {
                String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
                if (n.contains("latency")
                        || n.contains("duration")
                        || n.contains("slow")
                        || n.contains("response-time")
                        || n.contains("responsetime")) {
                    return LATENCY;
                }
                if (n.contains("availab") || n.contains("error") || n.contains("success") || n.contains("uptime")) {
                    return AVAILABILITY;
                }
            }
            return UNKNOWN;
        }

        /** The lower-case name the graph and the API use. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Breach {
        key = Require.text(key, "key");
        service = Require.text(service, "service");
        environment = ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT);
        slo = Require.text(slo, "slo");
        Objects.requireNonNull(objective, "objective");
        generator = Require.text(generator, "generator");
        alertName = Require.orEmpty(alertName);
        severity = Require.orEmpty(severity);
        team = Require.orEmpty(team);
        summary = Require.orEmpty(summary);
        generatorUrl = Require.orEmpty(generatorUrl);
        Objects.requireNonNull(startsAt, "startsAt");
        if (endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt must not be before startsAt");
        }
    }

    @Override
    public Instant at() {
        return startsAt;
    }

    /** The key of the SLO this breach belongs to: the service's identity ({@link ServiceId#render()}) and the SLO. */
    public String sloKey() {
        return new ServiceId(environment, service).render() + "/" + slo;
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.locking(
                WriteStatement.BREACH,
                environment + "/" + service,
                key,
                row(
                        "key",
                        key,
                        "service",
                        service,
                        "environment",
                        environment,
                        "sloKey",
                        sloKey(),
                        "slo",
                        slo,
                        "generator",
                        generator,
                        "team",
                        team,
                        "at",
                        utc(startsAt),
                        "endsAt",
                        endsAt == null ? null : utc(endsAt),
                        "recordedAt",
                        utc(recordedAt),
                        "props",
                        row(
                                "service", service,
                                "environment", environment,
                                "slo", slo,
                                "objective", objective.wire(),
                                "alertName", alertName,
                                "severity", severity,
                                "summary", summary,
                                "generatorUrl", generatorUrl,
                                "startsAt", utc(startsAt))));
    }
}
