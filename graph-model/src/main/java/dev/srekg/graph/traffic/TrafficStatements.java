package dev.srekg.graph.traffic;

/**
 * The statements that add traffic windows to their hour nodes. Adding arrays element by element is slow in Cypher, so
 * a write takes two steps in one transaction: lock and read the stored hours ({@link #lockAndRead}), add in Java
 * ({@link TraceChanges#added}), then store the sums ({@link #write}). Locking first (by writing a marker) keeps
 * concurrent writers of the same hour from losing each other's counts.
 */
public final class TrafficStatements {

    private TrafficStatements() {}

    /** Locks and returns the stored hours of the rows (created empty when missing); rows carry the identity fields. */
    public static String lockAndRead(TrafficWindow.Subject subject) {
        String create = subject instanceof TrafficWindow.Subject.Service
                ? "ON CREATE SET h.service = row.service, h.environment = row.environment, h.hour = row.hour,"
                        + " h.recordedAt = row.recordedAt"
                : "ON CREATE SET h.source = row.source, h.sourceEnvironment = row.sourceEnvironment,"
                        + " h.target = row.target, h.targetEnvironment = row.targetEnvironment, h.kind = row.kind,"
                        + " h.hour = row.hour, h.recordedAt = row.recordedAt";
        return """
                UNWIND $rows AS row
                MERGE (h:%s {key: row.key})
                  %s
                SET h.writing = true
                RETURN h.key AS key, h.calls AS calls, h.errors AS errors, h.durationMicros AS durationMicros,
                       h.latency AS latency, h.callsTotal AS callsTotal, h.errorsTotal AS errorsTotal,
                       h.durationMicrosTotal AS durationMicrosTotal, h.latencyTotal AS latencyTotal
                """.formatted(label(subject), create);
    }

    /** Stores the summed values of the rows ({@code row.values}) and releases the marker. */
    public static String write(TrafficWindow.Subject subject) {
        return """
                UNWIND $rows AS row
                MATCH (h:%s {key: row.key})
                SET h += row.values
                REMOVE h.writing
                """.formatted(label(subject));
    }

    private static String label(TrafficWindow.Subject subject) {
        return subject instanceof TrafficWindow.Subject.Service ? "ServiceHour" : "EdgeHour";
    }

    /** Whether one of the checkpoints {@code $keys} already carries one of the flush ids {@code $flushes}. */
    public static final String FLUSH_WRITTEN =
            "MATCH (c:TraceCheckpoint) WHERE c.key IN $keys AND c.flush IN $flushes RETURN count(c) > 0";

    /**
     * The services that served calls: those with traffic hours of their own. A peer address naming one of them is that
     * service, not a virtual peer.
     */
    public static final String INSTRUMENTED_SERVICES = """
            MATCH (s:Service)
            WHERE EXISTS {
              MATCH (h:ServiceHour) WHERE h.service = s.name AND h.environment = s.environment AND h.hour IS NOT NULL
            }
            RETURN DISTINCT s.name AS name
            """;

    /** The trace checkpoints {@code $keys}, each with its partition. */
    public static final String CHECKPOINTS =
            "MATCH (c:TraceCheckpoint) WHERE c.key IN $keys RETURN c.partition AS partition, c";
}
