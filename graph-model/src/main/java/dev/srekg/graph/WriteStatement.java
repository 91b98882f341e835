package dev.srekg.graph;

/**
 * The write statements of the graph model. Each is an idempotent {@code UNWIND $rows AS row} statement keyed by
 * natural keys, so a redelivered batch writes nothing twice, and each keeps the record time ({@code recordedAt}) of
 * the first write. Constraints behind every {@code MERGE} are in the migrations.
 *
 * <p>Every row has {@code service} (or {@code services}), {@code at} (event time) and {@code recordedAt}; a service
 * first seen in any stream is created, and its {@code firstSeen} is the earliest event time of any fact about it.
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
            SET t.openedAt = CASE WHEN row.at < t.openedAt THEN row.at ELSE t.openedAt END
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
            UNWIND row.services AS name
            MERGE (s:Service {name: name})
              ON CREATE SET s.firstSeen = row.at, s.recordedAt = row.recordedAt
            MERGE (t)-[:ABOUT]->(s)
            """),

    /**
     * An SLO breach, its SLO and its service, and the owning team when known. A breach closes once: a late firing
     * copy never reopens a resolved breach. {@code endRecordedAt} is when srekg learned that it ended.
     */
    BREACH("""
            UNWIND $rows AS row
            %s
            MERGE (slo:Slo {key: row.sloKey})
              ON CREATE SET slo.name = row.slo, slo.service = row.service, slo.generator = row.generator,
                            slo.recordedAt = row.recordedAt
            MERGE (slo)-[:OF]->(s)
            MERGE (b:SloBreach {key: row.key})
              ON CREATE SET b += row.props, b.recordedAt = row.recordedAt
            SET b.endRecordedAt = CASE WHEN b.endsAt IS NULL AND row.endsAt IS NOT NULL
                                       THEN row.recordedAt ELSE b.endRecordedAt END
            SET b.endsAt = coalesce(b.endsAt, row.endsAt)
            MERGE (b)-[:BREACHES]->(slo)
            FOREACH (team IN CASE WHEN row.team = '' THEN [] ELSE [row.team] END |
              MERGE (owner:Team {name: team})
                ON CREATE SET owner.recordedAt = row.recordedAt
              MERGE (owner)-[:OWNS]->(s))
            """.formatted(Fragments.SERVICE));

    private final String cypher;

    WriteStatement(String cypher) {
        this.cypher = cypher;
    }

    public String cypher() {
        return cypher;
    }

    private static final class Fragments {
        /** The service of the row, created when first seen, with the earliest event time as {@code firstSeen}. */
        static final String SERVICE = """
                MERGE (s:Service {name: row.service})
                  ON CREATE SET s.firstSeen = row.at, s.recordedAt = row.recordedAt
                SET s.firstSeen = CASE WHEN row.at < s.firstSeen THEN row.at ELSE s.firstSeen END""";
    }
}
