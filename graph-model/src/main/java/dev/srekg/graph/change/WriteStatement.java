package dev.srekg.graph.change;

import dev.srekg.graph.time.AsOf;

/**
 * The write statements of the graph model. Each is an idempotent {@code UNWIND $rows AS row} statement keyed by
 * natural keys, so a redelivered batch writes nothing twice, and each keeps the record time ({@code recordedAt}) of
 * the first write. Constraints behind every {@code MERGE} are in the migrations.
 *
 * <p>Every row has {@code recordedAt}. The rows of a fact about a service (deployment, scale event, ticket, breach)
 * name it by {@code environment} and {@code service} (a ticket, a config change: {@code services}), its identity, with the event time
 * {@code at}; traffic rows name their services otherwise ({@code source}/{@code sourceEnvironment},
 * {@code target}/{@code targetEnvironment} with {@code first}/{@code last}), and maintenance rows
 * ({@link #CLOSE_IDLE_EDGES}, {@link #DOWNSAMPLE_TRAFFIC}, the checkpoint statements) name none. A service first
 * seen in any stream is created, and its {@code firstSeen} is the earliest event time of any fact about it.
 */
public enum WriteStatement {

    /** A deployment of a service. */
    DEPLOYMENT("""
            UNWIND $rows AS row
            %s
            MERGE (d:Deployment {key: row.key})
              ON CREATE SET d += row.props, d.recordedAt = row.recordedAt
            MERGE (d)-[:DEPLOYS]->(s)
            """.formatted(Fragments.SERVICE)),

    /** A scaling of a service. */
    SCALE_EVENT("""
            UNWIND $rows AS row
            %s
            MERGE (e:ScaleEvent {key: row.key})
              ON CREATE SET e += row.props, e.recordedAt = row.recordedAt
            MERGE (e)-[:SCALES]->(s)
            """.formatted(Fragments.SERVICE)),

    /**
     * The state of a ticket: an update older than the one already written changes nothing, so updates may arrive
     * in any order. {@code closedRecordedAt} is when srekg learned that the ticket closed.
     */
    TICKET("""
            UNWIND $rows AS row
            MERGE (t:Ticket {key: row.key})
              ON CREATE SET t.system = row.system, t.openedAt = row.at, t.recordedAt = row.recordedAt
            FOREACH (_ IN CASE WHEN row.at < t.openedAt THEN [1] ELSE [] END | SET t.openedAt = row.at)
            WITH t, row
            CALL (t, row) {
              WITH t, row WHERE t.updatedAt IS NULL OR row.updatedAt >= t.updatedAt
              SET t.closedRecordedAt = CASE
                    WHEN row.closedAt IS NULL THEN null
                    WHEN t.closedAt IS NULL OR t.closedRecordedAt IS NULL THEN row.recordedAt
                    ELSE t.closedRecordedAt END
              SET t.title = row.title, t.status = row.status, t.priority = row.priority, t.url = row.url,
                  t.updatedAt = row.updatedAt, t.closedAt = row.closedAt
            }
            WITH t, row
            %s
            MERGE (t)-[:ABOUT]->(s)
            """.formatted(Fragments.SERVICES)),

    /**
     * A configuration, flag, infrastructure or schema change, and the services it maps to (possibly none: it is kept
     * for the estate timeline). Each service is created when first seen, like a ticket's.
     */
    CONFIG_CHANGE("""
            UNWIND $rows AS row
            MERGE (c:ConfigChange {key: row.key})
              ON CREATE SET c += row.props, c.recordedAt = row.recordedAt
            WITH c, row
            %s
            MERGE (c)-[:CHANGES]->(s)
            """.formatted(Fragments.SERVICES)),

    /**
     * An SLO breach, its SLO and its service, and the owning team when known. A breach closes once: a late firing
     * copy never reopens a resolved breach. {@code endRecordedAt} is when srekg learned that it ended.
     */
    BREACH("""
            UNWIND $rows AS row
            %s
            MERGE (slo:Slo {key: row.sloKey})
              ON CREATE SET slo.name = row.slo, slo.service = row.service, slo.environment = row.environment,
                            slo.generator = row.generator, slo.recordedAt = row.recordedAt
            MERGE (slo)-[:OF]->(s)
            MERGE (b:SloBreach {key: row.key})
              ON CREATE SET b += row.props, b.recordedAt = row.recordedAt
            FOREACH (_ IN CASE WHEN b.endsAt IS NULL AND row.endsAt IS NOT NULL THEN [1] ELSE [] END |
              SET b.endRecordedAt = row.recordedAt, b.endsAt = row.endsAt)
            MERGE (b)-[:BREACHES]->(slo)
            WITH s, row
            %s
            """.formatted(Fragments.SERVICE, Fragments.owns("row.team"))),

    /**
     * A version of a catalog entity's description (issue 18), kept only when it differs from the version of the same
     * entity valid just before it (per row, so a batch's rows see each other). A component or resource describes its
     * service, created when first seen; its owner becomes a {@code Team} that {@code OWNS} the service.
     */
    CATALOG_ENTRY("""
            UNWIND $rows AS row
            CALL (row) {
              OPTIONAL MATCH (prev:CatalogEntry {ref: row.ref}) WHERE prev.at <= row.at
              WITH row, prev ORDER BY prev.at DESC
              WITH row, head(collect(prev)) AS latest
              WITH row WHERE latest IS NULL OR latest.digest <> row.digest
              MERGE (e:CatalogEntry {key: row.key})
                ON CREATE SET e += row.props, e.digest = row.digest, e.at = row.at, e.recordedAt = row.recordedAt
              WITH row, e WHERE row.service <> ''
              %s
              MERGE (e)-[:DESCRIBES]->(s)
              WITH s, row
              %s
            }
            """.formatted(Fragments.SERVICE, Fragments.owns("row.owner"))),

    /**
     * A period of activity of a dependency edge. Merges it with every {@code DEPENDS_ON} interval of the edge within
     * the idle timeout of it, before or after (a late correction can join two), keeping the earliest and deleting the
     * rest; else opens a new interval. Either stays open: {@link #CLOSE_IDLE_EDGES}, in the same transaction, closes it
     * if it lies behind. Per row in a subquery, so that the next row of the same edge sees what this one wrote.
     * Writing the source service first locks it, so concurrent writers of the same edge take turns.
     */
    EDGE_ACTIVITY("""
            UNWIND $rows AS row
            MERGE (a:Service {environment: row.sourceEnvironment, name: row.source})
              ON CREATE SET a.firstSeen = row.first, a.recordedAt = row.recordedAt, a.virtual = false
            SET a.firstSeen = CASE WHEN a.firstSeen IS NULL OR row.first < a.firstSeen THEN row.first ELSE a.firstSeen END
            MERGE (b:Service {environment: row.targetEnvironment, name: row.target})
              ON CREATE SET b.firstSeen = row.first, b.recordedAt = row.recordedAt, b.virtual = row.virtualTarget
            SET b.firstSeen = CASE WHEN b.firstSeen IS NULL OR row.first < b.firstSeen THEN row.first ELSE b.firstSeen END
            WITH a, b, row
            CALL (a, b, row) {
              OPTIONAL MATCH (a)-[near:DEPENDS_ON {kind: row.kind}]->(b)
                WHERE near.since <= row.last + row.idle AND row.first <= near.lastSeen + row.idle
              WITH a, b, row, near ORDER BY near.since
              WITH a, b, row, collect(near) AS near
              CALL (a, b, row, near) {
                WITH a, b, row, near WHERE size(near) = 0
                CREATE (a)-[:DEPENDS_ON {kind: row.kind, since: row.first, lastSeen: row.last, open: true,
                                         recordedAt: row.recordedAt}]->(b)
              }
              CALL (row, near) {
                WITH row, near WHERE size(near) > 0
                WITH near, head(near) AS keep,
                     reduce(s = row.first, r IN near | CASE WHEN r.since < s THEN r.since ELSE s END) AS since,
                     reduce(l = row.last, r IN near | CASE WHEN r.lastSeen > l THEN r.lastSeen ELSE l END) AS lastSeen
                SET keep.since = since, keep.lastSeen = lastSeen, keep.open = true, keep.to = null
                FOREACH (r IN tail(near) | DELETE r)
              }
            }
            """),

    /**
     * A service that handled traffic: created when first seen, {@code firstSeen} kept at the earliest minute, and no
     * longer virtual once it reports spans itself.
     */
    SERVICE_ACTIVE("""
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
              ON CREATE SET s.firstSeen = row.first, s.recordedAt = row.recordedAt
            SET s.firstSeen = CASE WHEN s.firstSeen IS NULL OR row.first < s.firstSeen THEN row.first ELSE s.firstSeen END, s.virtual = false
            """),

    /** A service's {@code service.namespace}, as its spans' resources name it. */
    SERVICE_NAMESPACE("""
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
              ON CREATE SET s.recordedAt = row.recordedAt
            SET s.namespace = row.namespace
            """),

    /** Kubernetes clusters a service's spans name, kept in its {@code clusters}; clusters never split a service. */
    SERVICE_CLUSTERS("""
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
              ON CREATE SET s.recordedAt = row.recordedAt
            SET s.clusters = %s
            """.formatted(Fragments.added("s.clusters", "row.clusters"))),

    /** The clusters that served a service's traffic of an hour, kept on its hour node (written before, same flush). */
    SERVICE_HOUR_CLUSTERS("""
            UNWIND $rows AS row
            MATCH (h:ServiceHour {key: row.key})
            SET h.clusters = %s
            """.formatted(Fragments.added("h.clusters", "row.clusters"))),

    /** Closes the open intervals of edges unseen since {@code row.closeBefore} (event time). */
    CLOSE_IDLE_EDGES("""
            UNWIND $rows AS row
            MATCH ()-[d:DEPENDS_ON {open: true}]->()
            WHERE d.lastSeen < row.closeBefore
            SET d.open = false, d.to = d.lastSeen + duration('PT1M')
            """),

    /**
     * Retention of traffic: minute arrays of hours before {@code row.minutesBefore} are dropped (hour totals stay);
     * hours before {@code row.hoursBefore} are deleted, when set.
     */
    DOWNSAMPLE_TRAFFIC("""
            UNWIND $rows AS row
            CALL (row) {
              MATCH (h:EdgeHour) WHERE h.hour < row.minutesBefore AND h.calls IS NOT NULL
              SET h.calls = null, h.errors = null, h.durationMicros = null, h.latency = null
            }
            CALL (row) {
              MATCH (h:ServiceHour) WHERE h.hour < row.minutesBefore AND h.calls IS NOT NULL
              SET h.calls = null, h.errors = null, h.durationMicros = null, h.latency = null
            }
            CALL (row) {
              MATCH (h:EdgeHour|ServiceHour) WHERE row.hoursBefore IS NOT NULL AND h.hour < row.hoursBefore
              DELETE h
            }
            """),

    /** Where the trace worker of a partition resumes, written in the transaction of the windows it flushed. */
    TRACE_CHECKPOINT("""
            UNWIND $rows AS row
            MERGE (c:TraceCheckpoint {key: row.key})
            SET c.topic = row.topic, c.partition = row.partition, c.offset = row.offset,
                c.flushedThrough = row.flushedThrough, c.flush = row.flush,
                c.countedBelow = row.countedBelow, c.countedThrough = row.countedThrough,
                c.pendingOf = row.pendingOf, c.pendingOffset = row.pendingOffset, c.pendingSpan = row.pendingSpan
            """),

    /** The minutes a flush corrected, kept on its checkpoints (the last 32) for incidents to catch up with. */
    TRAFFIC_CORRECTED("""
            UNWIND $rows AS row
            MATCH (c:TraceCheckpoint {key: row.key})
            SET c.correctedFirst = (coalesce(c.correctedFirst, []) + row.first)[-32..],
                c.correctedLast = (coalesce(c.correctedLast, []) + row.last)[-32..],
                c.correctedAt = (coalesce(c.correctedAt, []) + row.recordedAt)[-32..]
            """);

    private final String cypher;

    WriteStatement(String cypher) {
        this.cypher = cypher;
    }

    public String cypher() {
        return cypher;
    }

    private static final class Fragments {
        /**
         * The service of the row, created when first seen, with the earliest event time as {@code firstSeen}; a
         * service a producer names is not virtual (virtual services are known only as peers in callers' spans).
         */
        static final String SERVICE = """
                MERGE (s:Service {environment: row.environment, name: row.service})
                  ON CREATE SET s.firstSeen = row.at, s.recordedAt = row.recordedAt
                FOREACH (_ IN CASE WHEN s.firstSeen IS NULL OR row.at < s.firstSeen THEN [1] ELSE [] END | SET s.firstSeen = row.at)
                FOREACH (_ IN CASE WHEN coalesce(s.virtual, true) THEN [1] ELSE [] END | SET s.virtual = false)""";

        /** The list {@code property} with the names of {@code names} it does not hold yet added, in their order. */
        static String added(String property, String names) {
            return "reduce(kept = coalesce(%1$s, []), c IN %2$s | CASE WHEN c IN kept THEN kept ELSE kept + c END)"
                    .formatted(property, names);
        }

        /**
         * The team {@code team} (an expression of the row, empty for none) owns {@code s} from {@code row.at}:
         * ownership is versioned (issue 18), an {@code OWNS} relationship per change of owner with its {@code since}
         * and {@code recordedAt}, written only when the owner stated just before {@code row.at} is another team.
         * Relationships written before ownership was versioned have no {@code since}: they hold from the start.
         */
        static String owns(String team) {
            return """
                    CALL (s, row) {
                      WITH s, row, %1$s AS team WHERE team <> ''
                      OPTIONAL MATCH (:Team)-[prev:OWNS]->(s) WHERE coalesce(prev.since, %2$s) <= row.at
                      WITH s, row, team, prev ORDER BY coalesce(prev.since, %2$s) DESC
                      WITH s, row, team, head(collect(prev)) AS latest
                      WITH s, row, team WHERE latest IS NULL OR startNode(latest).name <> team
                      MERGE (owner:Team {name: team})
                        ON CREATE SET owner.recordedAt = row.recordedAt
                      MERGE (owner)-[o:OWNS {since: row.at}]->(s)
                        ON CREATE SET o.recordedAt = row.recordedAt
                    }""".formatted(team, AsOf.BEFORE_ALL);
        }

        /** {@link #SERVICE} for each of the row's {@code services}, as {@code s}: a fact about several services. */
        static final String SERVICES = """
                UNWIND row.services AS name
                MERGE (s:Service {environment: row.environment, name: name})
                  ON CREATE SET s.firstSeen = row.at, s.recordedAt = row.recordedAt
                FOREACH (_ IN CASE WHEN s.firstSeen IS NULL OR row.at < s.firstSeen THEN [1] ELSE [] END | SET s.firstSeen = row.at)
                FOREACH (_ IN CASE WHEN coalesce(s.virtual, true) THEN [1] ELSE [] END | SET s.virtual = false)""";
    }
}
