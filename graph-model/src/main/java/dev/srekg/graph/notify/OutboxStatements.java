package dev.srekg.graph.notify;

/**
 * The Cypher of the notification outbox (issue 22): {@code (:Notification {id})}, one per incident, receiver and
 * state, written when the incident reaches that state and settled once the receiver accepted it (or refused it for
 * good). Pending notifications are claimed with a lease, so a process that dies mid-delivery leaves them to the next
 * claim, and only the oldest pending one of an incident and receiver is claimable, so a receiver gets an incident's
 * states in order.
 *
 * <p>Properties: {@code incident}, {@code receiver}, {@code state}, {@code order} (the order of the states of one
 * incident), {@code createdAt}, {@code message} (the JSON rendered when the state was reached), {@code attempts},
 * {@code dueAt} (the next attempt), {@code claimedUntil}, {@code lastError}, {@code settledAt} (null while pending)
 * and {@code outcome} ({@code delivered} or {@code refused}).
 */
public final class OutboxStatements {

    private OutboxStatements() {}

    /**
     * Incidents recorded since {@code $since} and opened since {@code $openedSince}, with what decides their states:
     * the key of the top suspect ({@code none} when the answer names no cause), whether they are resolved, when they
     * were recorded, and the {@code receiver|state} pairs already in the outbox.
     */
    public static final String INCIDENTS = """
            MATCH (i:Incident)
            WHERE i.recordedAt >= $since AND i.openedAt >= $openedSince
            OPTIONAL MATCH (i)-[:SUSPECTS {rank: 1}]->(c)
            WITH i, CASE WHEN i.cause = 'none' OR c IS NULL THEN 'none' ELSE c.key END AS top
            RETURN i.id AS id, top, i.resolvedAt IS NOT NULL AS resolved, i.recordedAt AS recordedAt,
                   COLLECT { MATCH (n:Notification {incident: i.id}) RETURN n.receiver + '|' + n.state } AS sent
            ORDER BY i.openedAt
            """;

    /** One incident's summary and stored context, to render a message from. */
    public static final String INCIDENT = """
            MATCH (i:Incident {id: $id})
            OPTIONAL MATCH (i)-[:FOR]->(b:SloBreach)
            RETURN i.id AS id, i.service AS service, i.slo AS slo, i.severity AS severity, i.openedAt AS openedAt,
                   i.resolvedAt AS resolvedAt, i.context AS context, b.generatorUrl AS generatorUrl
            """;

    /** Adds {@code $rows} ({@code id, incident, receiver, state, order, message}) to the outbox, each at most once. */
    public static final String ENQUEUE = """
            UNWIND $rows AS row
            MERGE (n:Notification {id: row.id})
              ON CREATE SET n.incident = row.incident, n.receiver = row.receiver, n.state = row.state,
                            n.order = row.order, n.message = row.message, n.createdAt = $now, n.dueAt = $now,
                            n.attempts = 0
            """;

    /**
     * Claims up to {@code $limit} due notifications of {@code $receiver} until {@code $until}: of each incident only
     * the oldest pending one. The lease is checked again once the write lock is held, so two processes never hold the
     * same notification.
     */
    public static final String CLAIM = """
            MATCH (n:Notification {receiver: $receiver})
            WHERE n.settledAt IS NULL AND n.dueAt <= $now AND (n.claimedUntil IS NULL OR n.claimedUntil < $now)
              AND NOT EXISTS {
                MATCH (m:Notification {receiver: $receiver, incident: n.incident})
                WHERE m.settledAt IS NULL AND (m.createdAt < n.createdAt OR (m.createdAt = n.createdAt AND m.order < n.order))
              }
            WITH n ORDER BY n.dueAt, n.createdAt, n.order LIMIT $limit
            SET n.claimedBy = $owner
            WITH n WHERE n.claimedUntil IS NULL OR n.claimedUntil < $now
            SET n.claimedUntil = $until
            RETURN n.id AS id, n.incident AS incident, n.state AS state, n.message AS message, n.attempts AS attempts
            ORDER BY n.dueAt, n.createdAt, n.order
            """;

    /** Settles notification {@code $id} with {@code $outcome} ({@code delivered} or {@code refused}). */
    public static final String SETTLE = """
            MATCH (n:Notification {id: $id})
            SET n.settledAt = $now, n.outcome = $outcome, n.attempts = n.attempts + $attempted, n.claimedUntil = null,
                n.lastError = $error
            """;

    /**
     * Puts notification {@code $id} back for another attempt at {@code $due}; {@code $attempted} is 1 after a failed
     * attempt and 0 when the rate limit held it back.
     */
    public static final String RETRY = """
            MATCH (n:Notification {id: $id})
            SET n.dueAt = $due, n.attempts = n.attempts + $attempted, n.claimedUntil = null,
                n.lastError = coalesce($error, n.lastError)
            """;

    /** Per receiver: notifications pending, and the creation time of the oldest one. */
    public static final String PENDING = """
            MATCH (n:Notification) WHERE n.settledAt IS NULL
            RETURN n.receiver AS receiver, count(n) AS pending, min(n.createdAt) AS oldest
            """;
}
