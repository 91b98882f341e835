package dev.srekg.graph.traffic;

import dev.srekg.graph.time.AsOf;

/**
 * The reads of dependency edges and their traffic hours, within one environment, {@code $env}: a call into another
 * environment is an edge between two identities, which these reads do not follow.
 */
public final class TrafficReads {

    private TrafficReads() {}

    /**
     * One shortest path to each service within reach over edges active at $at: a breadth-first search, so a dense
     * neighbourhood costs its size, not the number of paths through it.
     */
    private static final String WALK = """
            MATCH (s:Service {environment: $env, name: $service})
            MATCH p = ANY SHORTEST (s)%s(n:Service)
            WHERE n <> s
            RETURN n.name AS name, coalesce(n.virtual, false) AS virtual, length(p) AS hops,
                   [x IN nodes(p) | x.name] AS path
            ORDER BY hops, name
            """;

    /** The calls out of the services in $frontier over edges active at $at, each as [caller, callee]. */
    public static final String CALLEES = """
            UNWIND $frontier AS name
            MATCH (:Service {environment: $env, name: name})-[d:DEPENDS_ON WHERE %s]->(n:Service {environment: $env})
            RETURN [name, n.name] AS edge
            """.formatted(AsOf.edgeActive("d"));

    /** The hours in {@code [$fromHour, $toHour]} of the services in {@code $changed}. */
    public static final String SERVICE_HOURS = """
            UNWIND $changed AS name
            MATCH (h:ServiceHour)
            WHERE h.service = name AND $fromHour <= h.hour <= $toHour AND h.environment = $env
            RETURN h.service AS service, h.hour AS hour, h.calls AS calls, h.errors AS errors, h.latency AS latency
            """;

    /** The hours of the edges the walk went over, each given as [source, target]. */
    public static final String EDGE_HOURS = """
            UNWIND $edges AS e
            MATCH (h:EdgeHour) USING INDEX h:EdgeHour(source, target, hour)
            WHERE h.source = e[0] AND h.target = e[1] AND $fromHour <= h.hour <= $toHour
              AND h.sourceEnvironment = $env AND h.targetEnvironment = $env
            RETURN h.source AS source, h.target AS target, h.hour AS hour, h.calls AS calls, h.errors AS errors,
                   h.latency AS latency
            """;

    /** Edges active at $at, with the traffic of the hour before it (hour totals, so retention does not matter). */
    public static final String ACTIVE_EDGES = """
            MATCH (a:Service {environment: $env})-[d:DEPENDS_ON]->(b:Service {environment: $env})
            WHERE %s AND ($services IS NULL OR (a.name IN $services AND b.name IN $services))
            WITH DISTINCT a, b, d.kind AS kind
            OPTIONAL MATCH (h:EdgeHour {source: a.name, target: b.name, kind: kind, sourceEnvironment: $env,
                                        targetEnvironment: $env})
            WHERE $fromHour <= h.hour <= $toHour
            RETURN a.name AS source, b.name AS target, kind,
                   coalesce(sum(h.callsTotal), 0) AS calls, coalesce(sum(h.errorsTotal), 0) AS errors
            ORDER BY source, target, kind
            LIMIT $maxEdges
            """.formatted(AsOf.edgeActive("d"));

    /**
     * {@link #WALK} over at most {@code depth} hops, downstream (along the calls) or upstream (against them).
     *
     * @param downstream whether to walk along the calls
     * @param depth the number of hops, at least 1
     */
    public static String walk(boolean downstream, int depth) {
        String hop = "[d:DEPENDS_ON WHERE " + AsOf.edgeActive("d") + "]";
        String step = downstream ? "-" + hop + "->" : "<-" + hop + "-";
        String pattern = "(()" + step + "(:Service {environment: $env})){1," + depth + "}";
        return WALK.formatted(pattern);
    }
}
