package dev.srekg.graph.slo;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import java.time.Instant;
import java.util.Objects;

/**
 * An SLO breach: a firing alert from {@code startsAt}, closed at {@code endsAt} once resolved.
 *
 * @param key natural key: the alert's fingerprint and {@code startsAt}
 * @param service the service whose SLO is breached
 * @param slo the SLO's name (Sloth {@code sloth_slo}, Pyrra {@code slo}, Grafana {@code grafana_slo_uuid}, else the
 *     alert name)
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
        String slo,
        String generator,
        String alertName,
        String severity,
        String team,
        String summary,
        String generatorUrl,
        Instant startsAt,
        Instant endsAt)
        implements ChangeEvent {

    public Breach {
        key = Require.text(key, "key");
        service = Require.text(service, "service");
        slo = Require.text(slo, "slo");
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

    /** The key of the SLO this breach belongs to. */
    public String sloKey() {
        return service + "/" + slo;
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.locking(
                WriteStatement.BREACH,
                service,
                key,
                row(
                        "key",
                        key,
                        "service",
                        service,
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
                                "slo", slo,
                                "alertName", alertName,
                                "severity", severity,
                                "summary", summary,
                                "generatorUrl", generatorUrl,
                                "startsAt", utc(startsAt))));
    }
}
