package dev.srekg.graph.config;

import dev.srekg.graph.time.AsOf;

/** The reads of configuration, flag, infrastructure and schema changes. */
public final class ConfigChangeReads {

    private ConfigChangeReads() {}

    /**
     * The estate timeline of {@code $env}: every change of the period {@code [$from, $to)} known at {@code $knownAt}
     * whose services are of {@code $env} ({@code serviceEnvironment}; a change written before it was recorded is of
     * {@code $defaultEnvironment}), mapped to a service or not, the latest first, at most {@code $limit}.
     */
    public static final String IN_PERIOD = """
            MATCH (c:ConfigChange)
            WHERE %s AND coalesce(c.serviceEnvironment, $defaultEnvironment) = $env
            RETURN c.key AS key, c.kind AS kind, c.source AS source, c.target AS target, c.services AS services,
                   c.mapping AS mapping, c.environment AS environment, c.action AS action, c.summary AS summary,
                   c.author AS author, c.link AS link, c.at AS at,
                   coalesce(c.serviceEnvironment, $defaultEnvironment) AS serviceEnvironment
            ORDER BY c.at DESC, c.key
            LIMIT $limit
            """.formatted(AsOf.happenedBetween("c", "at"));
}
