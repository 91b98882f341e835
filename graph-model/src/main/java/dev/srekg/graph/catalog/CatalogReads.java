package dev.srekg.graph.catalog;

import dev.srekg.graph.time.AsOf;

/**
 * Reads of the catalog (issue 18), as of {@code $at} (event time) and {@code $knownAt} (record time): each entity's
 * description is its latest version by then.
 */
public final class CatalogReads {

    private CatalogReads() {}

    private static final String LATEST_SERVICE_ENTRIES = """
            MATCH (e:CatalogEntry)
            WHERE e.kind IN ['component', 'resource'] AND e.service <> '' AND %s
            WITH e.ref AS ref, e ORDER BY e.at DESC, e.recordedAt DESC
            WITH ref, head(collect(e)) AS e
            """.formatted(AsOf.happened("e", "at"));

    /**
     * The ownership of the services named in {@code $names}: their latest component or resource description, with
     * the on-call channel and PagerDuty service of the owning group where the service names none. One row per
     * described service; a service the catalog does not describe has no row.
     */
    public static final String OWNERSHIP = """
            UNWIND $names AS name
            MATCH (e:CatalogEntry {service: name})
            WHERE e.kind IN ['component', 'resource'] AND %s
            WITH name, e ORDER BY e.at DESC, e.recordedAt DESC
            WITH name, head(collect(e)) AS e
            OPTIONAL MATCH (g:CatalogEntry {kind: 'group', name: e.owner})
            WHERE %s
            WITH name, e, g ORDER BY g.at DESC, g.recordedAt DESC
            WITH name, e, head(collect(g)) AS team
            RETURN name AS service, e.ref AS ref, e.title AS title, e.owner AS owner,
                   coalesce(team.title, '') AS ownerTitle, e.system AS system, e.lifecycle AS lifecycle,
                   e.tier AS tier, e.type AS type, e.environment AS environment,
                   CASE WHEN e.slackChannel <> '' THEN e.slackChannel ELSE coalesce(team.slackChannel, '') END
                       AS slackChannel,
                   CASE WHEN e.pagerDutyService <> '' THEN e.pagerDutyService
                        ELSE coalesce(team.pagerDutyService, '') END AS pagerDutyService,
                   e.linkUrls AS linkUrls, e.linkTitles AS linkTitles, e.linkTypes AS linkTypes
            ORDER BY service
            """.formatted(AsOf.happened("e", "at"), AsOf.happened("g", "at"));

    /**
     * Declared against observed dependencies of every service the catalog describes: declared are its
     * {@code dependsOn} and the providers of the APIs it consumes; observed are the {@code DEPENDS_ON} edges of the
     * graph that had begun by {@code $at} and were known by {@code $knownAt}, whatever their interval.
     */
    public static final String DRIFT = LATEST_SERVICE_ENTRIES + """
            WITH collect(e) AS entries
            UNWIND entries AS e
            CALL (e, entries) {
              UNWIND e.dependsOn AS target
              RETURN target
              UNION
              UNWIND e.consumesApis AS api
              UNWIND entries AS provider
              WITH e, api, provider WHERE api IN provider.providesApis AND provider.service <> e.service
              RETURN provider.service AS target
            }
            WITH e, collect(DISTINCT target) AS declared
            OPTIONAL MATCH (:Service {name: e.service})-[r:DEPENDS_ON]->(t:Service)
            WHERE r.since <= $at AND r.recordedAt <= $knownAt
            WITH e, declared, collect(DISTINCT t.name) AS observed
            RETURN e.service AS service, e.owner AS owner, e.system AS system,
                   [d IN declared WHERE NOT d IN observed | d] AS declaredOnly,
                   [o IN observed WHERE NOT o IN declared | o] AS observedOnly,
                   [d IN declared WHERE d IN observed | d] AS confirmed
            ORDER BY service
            """;
}
