package dev.srekg.graph.notify;

/**
 * The Cypher behind the links alerts carry into srekg (issue 22): from an alert's fingerprint and start, or its
 * service and start when the sender computes no fingerprint, to its breach and the breach's incident.
 */
public final class AlertLinkStatements {

    private AlertLinkStatements() {}

    /**
     * The breach keyed {@code $key} ({@code fingerprint startsAt}), else the latest breach of {@code $service} active
     * at {@code $startsAt} (a Grafana data link passes the moment of a point, not the alert's start), with its
     * incident's id (null before srekg recorded one).
     */
    public static final String BREACH_OF_ALERT = """
            CALL () {
              MATCH (b:SloBreach {key: $key}) RETURN b, 0 AS preference
              UNION
              MATCH (b:SloBreach {service: $service})
              WHERE b.startsAt <= $startsAt AND (b.endsAt IS NULL OR b.endsAt >= $startsAt)
              RETURN b, 1 AS preference ORDER BY b.startsAt DESC LIMIT 1
            }
            WITH b ORDER BY preference LIMIT 1
            OPTIONAL MATCH (i:Incident)-[:FOR]->(b)
            RETURN b.service AS service, b.startsAt AS startsAt, b.generatorUrl AS generatorUrl, i.id AS incident
            """;
}
