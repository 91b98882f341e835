package dev.srekg.graph.services;

import dev.srekg.graph.time.AsOf;

/**
 * The reads of services, the hub of the graph: one service, the list, topology nodes, the changes of a set of
 * services, and their owning teams. Every read goes through the {@link AsOf} filters, and every read stays within one
 * environment, {@code $env} ({@link ServiceId}): the same name elsewhere is another service.
 */
public final class ServiceReads {

    private ServiceReads() {}

    /**
     * The name a read within {@code $env} shows a service by: its name when it is in {@code $env}, else its identity
     * {@code environment/name} ({@link ServiceId#shown}), so a call into another environment is shown as such.
     *
     * @param environment the Cypher expression of the service's environment
     * @param name the Cypher expression of its name
     */
    public static String shown(String environment, String name) {
        return "CASE WHEN %1$s = $env THEN %2$s ELSE %1$s + '/' + %2$s END".formatted(environment, name);
    }

    /** One service as known at {@code $knownAt}: its deployments, the breaches active and tickets open at {@code $at}, and its teams. */
    public static final String SERVICE = """
            MATCH (s:Service {environment: $env, name: $name})
            WHERE s.recordedAt <= $knownAt
            CALL (s) {
              OPTIONAL MATCH (d:Deployment)-[:DEPLOYS]->(s)
              WHERE d.recordedAt <= $knownAt
              WITH d ORDER BY d.at DESC, d.key DESC
              RETURN collect(d {.*}) AS deployments
            }
            CALL (s) {
              OPTIONAL MATCH (b:SloBreach)-[:BREACHES]->(slo:Slo)-[:OF]->(s)
              WHERE %s
              WITH b, slo ORDER BY b.startsAt DESC
              RETURN collect(b {.key, slo: slo.name, objective: coalesce(b.objective, 'unknown'), .severity, .startsAt,
                                endsAt: CASE WHEN b.endRecordedAt <= $knownAt THEN b.endsAt END}) AS breaches
            }
            CALL (s) {
              OPTIONAL MATCH (t:Ticket)-[:ABOUT]->(s)
              WHERE %s
              WITH t ORDER BY t.openedAt DESC
              RETURN collect(t {.key, .title, .status, .url, .openedAt}) AS tickets
            }
            %s
            RETURN s.name AS name, s.environment AS environment, coalesce(s.clusters, []) AS clusters,
                   s.firstSeen AS firstSeen, deployments, breaches, tickets, teams
            """.formatted(AsOf.breachActive("b"), AsOf.ticketOpen("t"), teams("$at"));

    /** Every service of {@code $env} known at {@code $knownAt}, with the version running at {@code $at}. */
    public static final String ALL = """
            MATCH (s:Service {environment: $env})
            WHERE s.recordedAt <= $knownAt
            OPTIONAL MATCH (d:Deployment)-[:DEPLOYS]->(s)
            WHERE d.at <= $at AND d.recordedAt <= $knownAt
            WITH s, d ORDER BY d.at DESC
            WITH s, head(collect(d)) AS running
            RETURN s.name AS name, s.environment AS environment, coalesce(s.virtual, false) AS virtual,
                   s.firstSeen AS firstSeen,
                   CASE WHEN running.action = 'REMOVED' THEN null ELSE running.version END AS version
            ORDER BY name
            """;

    /**
     * The services {@code $ids} ([environment, name] each): their identity, whether virtual, their namespace and their
     * teams at {@code $at} as known at {@code $knownAt}. The caller shows them by {@link ServiceId#shown}: Neo4j 5.26's
     * planner fails ("insertCachedProperties") on a {@code CASE} over the properties beside the aggregation.
     */
    public static final String NODES = """
            UNWIND $ids AS id
            MATCH (s:Service {environment: id[0], name: id[1]})
            %s
            RETURN s.name AS name, s.environment AS environment, coalesce(s.virtual, false) AS virtual,
                   coalesce(s.namespace, '') AS namespace, teams
            ORDER BY environment, name
            """.formatted(teams("$at"));

    /**
     * Changes of the services {@code $ids} ([environment, name] each; {@code $services} their names) between $from and
     * $at, each service shown as {@link #shown} has it: deploys, scale events, tickets, breaches,
     * and configuration, flag, infrastructure and schema changes (kind {@code config}, {@code flag}, {@code infra},
     * {@code schema}, with their {@code link} and {@code mapping}); deploys and scale events with their Kubernetes
     * {@code cluster}, when known. Each kind is read by its (service, time) index, not
     * by expanding every change a service ever had: a busy service holds thousands over days.
     */
    public static final String CHANGES = """
            CALL () {
              MATCH (d:Deployment)
              WHERE d.service IN $services AND $from <= d.at <= $at AND d.recordedAt <= $knownAt
                AND [d.environment, d.service] IN $ids
              RETURN %1$s AS service, 'deploy' AS kind, d.key AS id, d.at AS at,
                     toLower(d.action) + ' ' + coalesce(nullif(d.version, ''), d.artifactId) AS summary,
                     null AS scale, null AS link, null AS mapping, d.cluster AS cluster
              UNION
              MATCH (e:ScaleEvent)
              WHERE e.service IN $services AND $from <= e.at <= $at AND e.recordedAt <= $knownAt
                AND [e.environment, e.service] IN $ids
              RETURN %2$s AS service, 'scale' AS kind, e.key AS id, e.at AS at,
                     e.reason + ': ' + e.message AS summary, e.direction AS scale, null AS link, null AS mapping,
                     e.cluster AS cluster
              UNION
              MATCH (t:Ticket)-[:ABOUT]->(s:Service)
              WHERE $from <= t.openedAt <= $at AND t.recordedAt <= $knownAt AND s.name IN $services
                AND [s.environment, s.name] IN $ids
              RETURN %3$s AS service, 'ticket' AS kind, t.key AS id, t.openedAt AS at, t.title AS summary,
                     null AS scale, nullif(t.url, '') AS link, null AS mapping, null AS cluster
              UNION
              MATCH (b:SloBreach)
              WHERE b.service IN $services AND $from <= b.startsAt <= $at AND b.recordedAt <= $knownAt
                AND [b.environment, b.service] IN $ids
              RETURN %4$s AS service, 'breach' AS kind, b.key AS id, b.startsAt AS at,
                     b.slo + ' SLO breached' AS summary, null AS scale, null AS link, null AS mapping,
                     null AS cluster
              UNION
              MATCH (c:ConfigChange)-[:CHANGES]->(s:Service)
              WHERE $from <= c.at <= $at AND c.recordedAt <= $knownAt AND s.name IN $services
                AND [s.environment, s.name] IN $ids
              RETURN %3$s AS service, c.kind AS kind, c.key AS id, c.at AS at,
                     c.target + ': ' + coalesce(nullif(c.summary, ''), c.action) AS summary, null AS scale,
                     nullif(c.link, '') AS link, c.mapping AS mapping, null AS cluster
            }
            RETURN service, kind, id, at, summary, scale, link, mapping, cluster
            ORDER BY at DESC, id
            """.formatted(
                    shown("d.environment", "d.service"),
                    shown("e.environment", "e.service"),
                    shown("s.environment", "s.name"),
                    shown("b.environment", "b.service"));

    /**
     * A subquery fragment: the teams that own {@code s} at the moment {@code at} (a Cypher expression), as known at
     * {@code $knownAt}, as {@code teams}. Ownership is versioned (issue 18): the owner is the team of the latest
     * {@code OWNS} whose {@code since} is not after {@code at}, and before the first one its team, as the catalog's
     * reads take an entity before its first version; teams stated from the same moment all own it. {@code at} is a
     * parameter ({@code $at}) or a property of a variable in scope ({@code d.at}), which the subquery imports.
     */
    public static String teams(String at) {
        String imports = at.startsWith("$") ? "s" : "s, " + at.substring(0, at.indexOf('.'));
        return """
                CALL (%3$s) {
                  MATCH (team:Team)-[o:OWNS]->(s)
                  WHERE coalesce(o.recordedAt, team.recordedAt) <= $knownAt
                  WITH team.name AS team, coalesce(o.since, %2$s) AS since ORDER BY since, team
                  WITH collect({team: team, since: since}) AS owners
                  WITH owners, [x IN owners WHERE x.since <= %1$s] AS before
                  WITH owners, CASE WHEN size(before) > 0 THEN last(before).since ELSE head(owners).since END AS since
                  RETURN [x IN owners WHERE x.since = since | x.team] AS teams
                }""".formatted(at, AsOf.BEFORE_ALL, imports);
    }

    /** The environments of the services known at {@code $knownAt}, in name order. */
    public static final String ENVIRONMENTS = "MATCH (s:Service) WHERE s.recordedAt <= $knownAt "
            + "RETURN DISTINCT s.environment AS environment ORDER BY environment";

    /** Whether {@code $service} of {@code $env} is known at {@code $knownAt}. */
    public static final String KNOWN = "MATCH (s:Service {environment: $env, name: $service}) "
            + "WHERE s.recordedAt <= $knownAt RETURN count(s) > 0";
}
