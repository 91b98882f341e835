package dev.srekg.graph.traffic;

import dev.srekg.graph.services.ServiceReads;
import dev.srekg.graph.time.AsOf;

/**
 * The reads of dependency edges and their traffic hours, from one environment, {@code $env}: a call into another
 * environment is an edge between two identities, which the walk follows and shows as such (the service over there by
 * its identity, {@code prod/payment}; {@link ServiceReads#shown}).
 */
public final class TrafficReads {

    private TrafficReads() {}

    /**
     * One shortest path to each service within reach over edges active at $at, into other environments too: a
     * breadth-first search, so a dense neighbourhood costs its size, not the number of paths through it. Each service
     * is shown as {@link ServiceReads#shown} has it, with its identity ({@code environment}, {@code service}).
     */
    private static final String WALK = """
            MATCH (s:Service {environment: $env, name: $service})
            MATCH p = ANY SHORTEST (s)%s(n:Service)
            WHERE n <> s
            RETURN SHOWN_N AS name, n.environment AS environment, n.name AS service,
                   coalesce(n.virtual, false) AS virtual, length(p) AS hops, [x IN nodes(p) | SHOWN_X] AS path
            ORDER BY hops, name
            """.replace("SHOWN_N", ServiceReads.shown("n.environment", "n.name"))
            .replace("SHOWN_X", ServiceReads.shown("x.environment", "x.name"));

    /**
     * The calls out of the services {@code $frontier} ([environment, name] each) over edges active at $at, each as
     * [caller, callee] shown, with the callee's identity.
     */
    public static final String CALLEES = """
            UNWIND $frontier AS f
            MATCH (a:Service {environment: f[0], name: f[1]})-[d:DEPENDS_ON WHERE %s]->(n:Service)
            RETURN [%s, %s] AS edge, [n.environment, n.name] AS callee
            """.formatted(
                    AsOf.edgeActive("d"),
                    ServiceReads.shown("a.environment", "a.name"),
                    ServiceReads.shown("n.environment", "n.name"));

    /** The hours in {@code [$fromHour, $toHour]} of the services {@code $changed} ([environment, name] each), with the clusters that served them. */
    public static final String SERVICE_HOURS = """
            UNWIND $changed AS c
            MATCH (h:ServiceHour)
            WHERE h.service = c[1] AND $fromHour <= h.hour <= $toHour AND h.environment = c[0]
            RETURN %s AS service, h.hour AS hour, h.calls AS calls, h.errors AS errors, h.latency AS latency,
                   coalesce(h.clusters, []) AS clusters
            """.formatted(ServiceReads.shown("h.environment", "h.service"));

    /**
     * The hours of the edges the walk went over, each given as [source environment, source, target environment,
     * target], the ends shown as {@link ServiceReads#shown} has them.
     */
    public static final String EDGE_HOURS = """
            UNWIND $edges AS e
            MATCH (h:EdgeHour) USING INDEX h:EdgeHour(source, target, hour)
            WHERE h.source = e[1] AND h.target = e[3] AND $fromHour <= h.hour <= $toHour
              AND h.sourceEnvironment = e[0] AND h.targetEnvironment = e[2]
            RETURN %s AS source, %s AS target, h.hour AS hour, h.calls AS calls, h.errors AS errors,
                   h.latency AS latency
            """.formatted(
                    ServiceReads.shown("h.sourceEnvironment", "h.source"),
                    ServiceReads.shown("h.targetEnvironment", "h.target"));

    /**
     * Edges active at $at with at least one end in {@code $env} (a call into another environment too, its far end
     * shown as {@link ServiceReads#shown} has it, with both ends' identities), with the traffic of the hour before it
     * (hour totals, so retention does not matter); {@code $services} restricts to edges between those shown names.
     */
    public static final String ACTIVE_EDGES = """
            CALL () {
              MATCH (a:Service {environment: $env})-[d:DEPENDS_ON]->(b:Service)
              WHERE %1$s
              RETURN a, b, d
              UNION
              MATCH (a:Service)-[d:DEPENDS_ON]->(b:Service {environment: $env})
              WHERE %1$s AND a.environment <> $env
              RETURN a, b, d
            }
            WITH a, b, d, %2$s AS source, %3$s AS target
            WHERE $services IS NULL OR (source IN $services AND target IN $services)
            WITH DISTINCT a, b, source, target, d.kind AS kind
            OPTIONAL MATCH (h:EdgeHour {source: a.name, target: b.name, kind: kind, sourceEnvironment: a.environment,
                                        targetEnvironment: b.environment})
            WHERE $fromHour <= h.hour <= $toHour
            RETURN source, target, [a.environment, a.name] AS sourceId, [b.environment, b.name] AS targetId, kind,
                   coalesce(sum(h.callsTotal), 0) AS calls, coalesce(sum(h.errorsTotal), 0) AS errors
            ORDER BY source, target, kind
            LIMIT $maxEdges
            """.formatted(
                    AsOf.edgeActive("d"),
                    ServiceReads.shown("a.environment", "a.name"),
                    ServiceReads.shown("b.environment", "b.name"));

    /**
     * {@link #WALK} over at most {@code depth} hops, downstream (along the calls) or upstream (against them).
     *
     * @param downstream whether to walk along the calls
     * @param depth the number of hops, at least 1
     */
    public static String walk(boolean downstream, int depth) {
        String hop = "[d:DEPENDS_ON WHERE " + AsOf.edgeActive("d") + "]";
        String step = downstream ? "-" + hop + "->" : "<-" + hop + "-";
        String pattern = "(()" + step + "(:Service)){1," + depth + "}";
        return WALK.formatted(pattern);
    }
}
