package dev.srekg.graph.slo;

import dev.srekg.graph.services.ServiceReads;
import dev.srekg.graph.time.AsOf;

/**
 * The reads of SLO breaches.
 */
public final class BreachReads {

    private BreachReads() {}

    /**
     * The breaches of {@code $service} of {@code $env} active at {@code $at} as known at {@code $knownAt}, newest first:
     * no row when the service was unknown then, one row with a null {@code key} when it had no active breach.
     */
    public static final String ACTIVE = """
            MATCH (s:Service {environment: $env, name: $service})
            WHERE s.recordedAt <= $knownAt
            OPTIONAL MATCH (b:SloBreach)-[:BREACHES]->(slo:Slo)-[:OF]->(s)
            WHERE %s
            RETURN b.key AS key, slo.name AS slo, coalesce(b.objective, 'unknown') AS objective, b.severity AS severity,
                   b.startsAt AS startsAt, CASE WHEN b.endRecordedAt <= $knownAt THEN b.endsAt END AS endsAt
            ORDER BY startsAt DESC
            """.formatted(AsOf.breachActive("b"));

    /** The breaches overlapping the period {@code [$from, $to)} as known at {@code $knownAt}, with their teams. */
    public static final String IN_PERIOD =
            """
            MATCH (b:SloBreach)-[:BREACHES]->(slo:Slo)-[:OF]->(s:Service)
            WHERE %s
            %s
            RETURN b.key AS key, s.name AS service, s.environment AS environment, slo.name AS slo, b.startsAt AS startsAt,
                   CASE WHEN b.endRecordedAt <= $knownAt THEN b.endsAt END AS endsAt, teams
            ORDER BY startsAt, key
            """.formatted(AsOf.overlaps("b", "startsAt", "endsAt", "endRecordedAt"), ServiceReads.teams("b.startsAt"));
}
