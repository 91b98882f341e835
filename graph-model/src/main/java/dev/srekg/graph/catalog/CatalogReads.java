package dev.srekg.graph.catalog;

/**
 * Reads of the catalog (issue 18), as of {@code $at} (event time) and {@code $knownAt} (record time): each entity's
 * description is its latest version valid by {@code $at} among those known by {@code $knownAt}. Before its first
 * version an entity is taken as that version describes it: a catalog imported today still names the owner of a service
 * in last week's incident (it does not if srekg learned of the entity only after {@code $knownAt}).
 */
public final class CatalogReads {

    private CatalogReads() {}

    /** From the versions of one entity in event-time order, as {@code versions}: the one valid at {@code $at}. */
    private static final String VALID = "coalesce(last([v IN versions WHERE v.at <= $at]), head(versions))";

    private static final String LATEST_SERVICE_ENTRIES = """
            MATCH (e:CatalogEntry)
            WHERE e.kind IN ['component', 'resource'] AND e.service <> '' AND e.environment = $env
              AND e.recordedAt <= $knownAt
            WITH e.ref AS ref, e ORDER BY e.at, e.recordedAt
            WITH ref, collect(e) AS versions
            WITH ref, %s AS e
            """.formatted(VALID);

    /**
     * The ownership of the services named in {@code $names}: their latest component or resource description, with
     * the on-call channel and PagerDuty service of the owning group where the service names none; {@code $env} is their
     * environment. One row per
     * described service; a service the catalog does not describe has no row.
     */
    public static final String OWNERSHIP = """
            UNWIND $names AS name
            MATCH (v:CatalogEntry {service: name})
            WHERE v.kind IN ['component', 'resource'] AND v.environment = $env AND v.recordedAt <= $knownAt
            WITH name, v ORDER BY v.at, v.recordedAt
            WITH name, collect(v) AS versions
            WITH name, %1$s AS e
            OPTIONAL MATCH (v:CatalogEntry {kind: 'group', name: e.owner})
            WHERE v.recordedAt <= $knownAt
            WITH name, e, v ORDER BY v.at, v.recordedAt
            WITH name, e, collect(v) AS versions
            WITH name, e, %1$s AS team
            RETURN name AS service, e.ref AS ref, e.title AS title, e.owner AS owner,
                   coalesce(team.title, '') AS ownerTitle, e.system AS system, e.lifecycle AS lifecycle,
                   e.tier AS tier, e.type AS type, e.environment AS environment,
                   CASE WHEN e.slackChannel <> '' THEN e.slackChannel ELSE coalesce(team.slackChannel, '') END
                       AS slackChannel,
                   CASE WHEN e.pagerDutyService <> '' THEN e.pagerDutyService
                        ELSE coalesce(team.pagerDutyService, '') END AS pagerDutyService,
                   e.linkUrls AS linkUrls, e.linkTitles AS linkTitles, e.linkTypes AS linkTypes
            ORDER BY service
            """.formatted(VALID);

    /**
     * Declared against observed dependencies of every service of {@code $env} the catalog describes: declared are its
     * {@code dependsOn} and the providers of the APIs it consumes; observed are the {@code DEPENDS_ON} edges of the
     * graph that had begun by {@code $at} and were known by {@code $knownAt}, whatever their interval, within
     * {@code $env}.
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
            OPTIONAL MATCH (:Service {environment: $env, name: e.service})-[r:DEPENDS_ON]->(t:Service {environment: $env})
            WHERE r.since <= $at AND r.recordedAt <= $knownAt
            WITH e, declared, collect(DISTINCT t.name) AS observed
            RETURN e.service AS service, e.owner AS owner, e.system AS system,
                   [d IN declared WHERE NOT d IN observed | d] AS declaredOnly,
                   [o IN observed WHERE NOT o IN declared | o] AS observedOnly,
                   [d IN declared WHERE d IN observed | d] AS confirmed
            ORDER BY service
            """;
}
