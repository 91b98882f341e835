package dev.srekg.graph.config;

import dev.srekg.graph.time.AsOf;

/** The reads of configuration, flag, infrastructure and schema changes. */
public final class ConfigChangeReads {

    private ConfigChangeReads() {}

    /**
     * The estate timeline: every change of the period {@code [$from, $to)} known at {@code $knownAt}, mapped to a
     * service or not, the latest first, at most {@code $limit}.
     */
    public static final String IN_PERIOD = """
            MATCH (c:ConfigChange)
            WHERE %s
            RETURN c.key AS key, c.kind AS kind, c.source AS source, c.target AS target, c.services AS services,
                   c.mapping AS mapping, c.environment AS environment, c.action AS action, c.summary AS summary,
                   c.author AS author, c.link AS link, c.at AS at
            ORDER BY c.at DESC, c.key
            LIMIT $limit
            """.formatted(AsOf.happenedBetween("c", "at"));
}
