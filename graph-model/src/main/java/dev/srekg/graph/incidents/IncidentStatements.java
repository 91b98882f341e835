package dev.srekg.graph.incidents;

import dev.srekg.graph.services.ServiceReads;

/**
 * Incidents on the graph: {@code (:Incident)-[:FOR]->(:SloBreach)}, {@code -[:OF]->(:Service)} and
 * {@code -[:SUSPECTS {rank, score}]->} each ranked change, with the whole context kept as JSON for browsing, and
 * {@code cause}: the kind of the top suspect ({@code none} without one), which the delivery figures count by. An
 * incident belongs to its breached service's identity: its {@code environment} is that service's.
 */
public final class IncidentStatements {

    private IncidentStatements() {}

    /** Breaches that have no incident yet, newest first, at most {@code $limit}. */
    public static final String BREACHES_WITHOUT_INCIDENT = """
            MATCH (b:SloBreach)
            WHERE NOT EXISTS { (b)<-[:FOR]-(:Incident) }
            RETURN b.key AS key, b.service AS service, b.environment AS environment, b.slo AS slo, b.severity AS severity, b.startsAt AS startsAt
            ORDER BY b.startsAt DESC
            LIMIT $limit
            """;

    /** Writes the incident of breach {@code $breach} with its context and replaces its ranked {@code SUSPECTS}. */
    public static final String SAVE = """
            MATCH (b:SloBreach {key: $breach})
            MATCH (s:Service {environment: $environment, name: $service})
            MERGE (i:Incident {id: $id})
              ON CREATE SET i.service = $service, i.environment = $environment, i.slo = $slo, i.severity = $severity, i.openedAt = b.startsAt,
                            i.resolvedAt = b.endsAt, i.recordedAt = $now
            SET i.context = $context, i.topSuspect = $topSuspect, i.cause = $cause, i.computedAt = $now
            MERGE (i)-[:FOR]->(b)
            MERGE (i)-[:OF]->(s)
            WITH i
            CALL (i) {
              MATCH (i)-[old:SUSPECTS]->()
              DELETE old
            }
            WITH i
            UNWIND $suspects AS suspect
            CALL (i, suspect) {
              MATCH (c) WHERE (c:Deployment OR c:ScaleEvent OR c:Ticket OR c:SloBreach) AND c.key = suspect.id
              MERGE (i)-[r:SUSPECTS]->(c)
              SET r.rank = suspect.rank, r.score = suspect.score
            }
            """;

    /** Breaches of incidents recorded since {@code $since}, newest first, at most {@code $limit}. */
    public static final String SETTLING = """
            MATCH (i:Incident)-[:FOR]->(b:SloBreach)
            WHERE i.recordedAt >= $since
            RETURN b.key AS key, b.service AS service, b.environment AS environment, b.slo AS slo, b.severity AS severity, b.startsAt AS startsAt
            ORDER BY b.startsAt DESC
            LIMIT $limit
            """;

    /**
     * Breaches of incidents computed before traffic of their window was corrected: the trace worker notes on its
     * checkpoints the minutes each flush added to after they were written, and when.
     */
    public static final String CORRECTED = """
            MATCH (c:TraceCheckpoint) WHERE c.correctedAt IS NOT NULL
            UNWIND range(0, size(c.correctedAt) - 1) AS k
            WITH c.correctedFirst[k] AS first, c.correctedLast[k] AS last, c.correctedAt[k] AS at
            MATCH (i:Incident)-[:FOR]->(b:SloBreach)
            WHERE i.computedAt < at AND first <= b.startsAt + $window AND last >= b.startsAt - $window
            WITH DISTINCT b
            RETURN b.key AS key, b.service AS service, b.environment AS environment, b.slo AS slo, b.severity AS severity, b.startsAt AS startsAt
            ORDER BY b.startsAt DESC
            LIMIT $limit
            """;

    /** Closes the incidents whose breach has resolved and returns how many. */
    public static final String CLOSE_RESOLVED = """
            MATCH (i:Incident)-[:FOR]->(b:SloBreach)
            WHERE i.resolvedAt IS NULL AND b.endsAt IS NOT NULL
            SET i.resolvedAt = b.endsAt
            RETURN count(i)
            """;

    /** The return items of an incident summary, for a {@code RETURN} over {@code i}. */
    private static final String SUMMARY =
            "i.id AS id, i.service AS service, i.environment AS environment, i.slo AS slo, i.severity AS severity, i.openedAt AS openedAt, "
                    + "i.resolvedAt AS resolvedAt, i.topSuspect AS topSuspect, i.computedAt AS computedAt, "
                    + "COLLECT { MATCH (i)-[:FOR]->(b:SloBreach) RETURN b.generatorUrl }[0] AS generatorUrl";

    /**
     * Incidents opened in the period, and incidents whose top suspect is one of the period's deploys (those may open
     * after the period ends). The cause is the kind of the top suspect the recorder stored, or for incidents recorded
     * before it stored one, the label of the change ranked first.
     */
    public static final String IN_PERIOD = """
            CALL () {
              MATCH (i:Incident)
              WHERE $from <= i.openedAt AND i.openedAt < $to AND i.recordedAt <= $knownAt
              RETURN i
              UNION
              MATCH (i:Incident)-[:SUSPECTS {rank: 1}]->(d:Deployment)
              WHERE d.key IN $deploys AND i.recordedAt <= $knownAt
              RETURN i
            }
            MATCH (i)-[:FOR]->(b:SloBreach)
            MATCH (i)-[:OF]->(s:Service)
            OPTIONAL MATCH (i)-[:SUSPECTS {rank: 1}]->(top)
            WITH i, b, s, top,
                 coalesce(i.cause, CASE WHEN top:Deployment THEN 'deploy' WHEN top:ScaleEvent THEN 'scale'
                                        WHEN top:Ticket THEN 'ticket' WHEN top:SloBreach THEN 'breach'
                                        ELSE 'none' END) AS cause
            %s
            RETURN i.id AS id, s.name AS service, s.environment AS environment, i.slo AS slo, i.openedAt AS openedAt,
                   CASE WHEN b.endsAt IS NOT NULL AND b.endRecordedAt <= $knownAt THEN b.endsAt END AS resolvedAt,
                   cause, CASE WHEN cause = 'deploy' AND top:Deployment THEN top.key END AS causeDeploy,
                   i.recordedAt <= $settledBy AS settled, teams
            ORDER BY openedAt, id
            """.formatted(ServiceReads.teams("i.openedAt"));

    /** The latest {@code $limit} incidents of {@code $env}, newest first. */
    public static final String LIST =
            "MATCH (i:Incident {environment: $env}) RETURN " + SUMMARY + " ORDER BY i.openedAt DESC, i.id LIMIT $limit";

    /** The incident {@code $id} and its stored context JSON as {@code context}. */
    public static final String FIND = "MATCH (i:Incident {id: $id}) RETURN " + SUMMARY + ", i.context AS context";
}
