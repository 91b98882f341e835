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
     * One shortest path to each service within reach over edges active at $at, into other environments too, downstream
     * (along the calls, {@code downstream} true) and upstream (against them) in one statement: a breadth-first search
     * each way, so a dense neighbourhood costs its size, not the number of paths through it. Each service is shown as
     * {@link ServiceReads#shown} has it, with its identity ({@code environment}, {@code service}).
     */
    private static final String WALK = """
            MATCH (s:Service {environment: $env, name: $service})
            CALL (s) {
              MATCH p = ANY SHORTEST (s)%1$s(n:Service)
              WHERE n <> s
              RETURN true AS downstream, n, p
              UNION ALL
              MATCH p = ANY SHORTEST (s)%2$s(n:Service)
              WHERE n <> s
              RETURN false AS downstream, n, p
            }
            RETURN downstream, SHOWN_N AS name, n.environment AS environment, n.name AS service,
                   coalesce(n.virtual, false) AS virtual, length(p) AS hops, [x IN nodes(p) | SHOWN_X] AS path
            ORDER BY downstream DESC, hops, name
            """.replace("SHOWN_N", ServiceReads.shown("n.environment", "n.name"))
            .replace("SHOWN_X", ServiceReads.shown("x.environment", "x.name"));

    /**
     * The hours in {@code [$fromHour, $toHour]}, in one statement, of the services {@code $changed} ([environment,
     * name] each; {@code target} null, with the clusters that served them) and of the edges {@code $edges} ([source
     * environment, source, target environment, target] each; {@code clusters} null), the ends shown as
     * {@link ServiceReads#shown} has them.
     */
    public static final String HOURS = """
            CALL () {
              UNWIND $changed AS c
              MATCH (h:ServiceHour)
              WHERE h.service = c[1] AND $fromHour <= h.hour <= $toHour AND h.environment = c[0]
              RETURN %1$s AS source, null AS target, h.hour AS hour, h.calls AS calls, h.errors AS errors,
                     h.latency AS latency, coalesce(h.clusters, []) AS clusters
              UNION ALL
              UNWIND $edges AS e
              MATCH (h:EdgeHour) USING INDEX h:EdgeHour(source, target, hour)
              WHERE h.source = e[1] AND h.target = e[3] AND $fromHour <= h.hour <= $toHour
                AND h.sourceEnvironment = e[0] AND h.targetEnvironment = e[2]
              RETURN %2$s AS source, %3$s AS target, h.hour AS hour, h.calls AS calls, h.errors AS errors,
                     h.latency AS latency, null AS clusters
            }
            RETURN source, target, hour, calls, errors, latency, clusters
            """.formatted(
                    ServiceReads.shown("h.environment", "h.service"),
                    ServiceReads.shown("h.sourceEnvironment", "h.source"),
                    ServiceReads.shown("h.targetEnvironment", "h.target"));

    /**
     * The calls out of the services {@code $frontier} ([environment, name] each) over edges active at $at, each as
     * [caller, callee] shown, with the callee's identity and the edge's hours in {@code [$fromHour, $toHour]}
     * ({@code hours}, each a map of {@code hour}, {@code calls}, {@code errors} and {@code latency}).
     */
    public static final String CALLEES = """
            UNWIND $frontier AS f
            MATCH (a:Service {environment: f[0], name: f[1]})-[d:DEPENDS_ON WHERE %1$s]->(n:Service)
            WITH DISTINCT a, n
            CALL (a, n) {
              OPTIONAL MATCH (h:EdgeHour) USING INDEX h:EdgeHour(source, target, hour)
              WHERE h.source = a.name AND h.target = n.name AND $fromHour <= h.hour <= $toHour
                AND h.sourceEnvironment = a.environment AND h.targetEnvironment = n.environment
              RETURN collect(h {.hour, .calls, .errors, .latency}) AS hours
            }
            RETURN [%2$s, %3$s] AS edge, [n.environment, n.name] AS callee, hours
            """.formatted(
                    AsOf.edgeActive("d"),
                    ServiceReads.shown("a.environment", "a.name"),
                    ServiceReads.shown("n.environment", "n.name"));

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
     * {@link #WALK} over at most {@code depth} hops each way.
     *
     * @param depth the number of hops, at least 1
     */
    public static String walk(int depth) {
        String hop = "[d:DEPENDS_ON WHERE " + AsOf.edgeActive("d") + "]";
        return WALK.formatted(
                "(()-" + hop + "->(:Service)){1," + depth + "}", "(()<-" + hop + "-(:Service)){1," + depth + "}");
    }
}
