package dev.srekg.graph.notify;

/**
 * The Cypher behind the links alerts carry into srekg (issue 22): from an alert's fingerprint and start, or its
 * service and start when the sender computes no fingerprint, to its breach and the breach's incident.
 */
public final class AlertLinkStatements {

    private AlertLinkStatements() {}

    private static final String RETURN_BREACH = """
            OPTIONAL MATCH (i:Incident)-[:FOR]->(b)
            RETURN b.service AS service, b.environment AS environment, b.startsAt AS startsAt, b.generatorUrl AS generatorUrl, i.id AS incident
            """;

    /** The breach keyed {@code $key} ({@code fingerprint startsAt}), with its incident's id (null before one). */
    public static final String BREACH_BY_KEY = "MATCH (b:SloBreach {key: $key})\n" + RETURN_BREACH;

    /**
     * The latest breach of {@code $service} of {@code $env} active at {@code $at} (a Grafana data link passes the moment of a point,
     * not the alert's start), with its incident's id.
     */
    public static final String BREACH_ACTIVE = """
            MATCH (b:SloBreach {service: $service, environment: $env})
            WHERE b.startsAt <= $at AND (b.endsAt IS NULL OR b.endsAt >= $at)
            WITH b ORDER BY b.startsAt DESC LIMIT 1
            """ + RETURN_BREACH;
}
