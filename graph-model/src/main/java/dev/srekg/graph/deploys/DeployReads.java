package dev.srekg.graph.deploys;

import dev.srekg.graph.services.ServiceReads;
import dev.srekg.graph.time.AsOf;

/**
 * The reads of deployments.
 */
public final class DeployReads {

    private DeployReads() {}

    /** The deploys (not removals) of the period {@code [$from, $to)} known at {@code $knownAt}, with their teams. */
    public static final String IN_PERIOD = """
            MATCH (d:Deployment)-[:DEPLOYS]->(s:Service)
            WHERE %s AND d.action <> 'REMOVED'
            %s
            RETURN d.key AS key, s.name AS service, s.environment AS environment, d.action AS action,
                   coalesce(d.version, '') AS version, d.at AS at, d.changedAt AS changedAt, teams
            ORDER BY d.at, d.key
            """.formatted(AsOf.happenedBetween("d", "at"), ServiceReads.teams("d.at"));

    /**
     * The version running at {@code $at} of each service of {@code $env} in {@code $services}, as known at
     * {@code $knownAt}; empty when none.
     */
    public static final String RUNNING_VERSIONS = """
            UNWIND $services AS name
            OPTIONAL MATCH (d:Deployment {service: name, environment: $env})
            WHERE d.at <= $at AND d.recordedAt <= $knownAt
            WITH name, d ORDER BY d.at DESC
            WITH name, head(collect(d)) AS d
            RETURN name, CASE WHEN d IS NULL OR d.action = 'REMOVED' THEN '' ELSE d.version END AS version
""";
}
