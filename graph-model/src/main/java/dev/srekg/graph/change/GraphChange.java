package dev.srekg.graph.change;

import dev.srekg.graph.time.Times;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row for one write statement. The Neo4j adapter groups changes by statement and runs each statement once per
 * batch as {@code UNWIND $rows AS row ...}, so a batch of any size is one round trip per statement.
 *
 * @param statement the statement that consumes the row
 * @param sortKey rows are written in this order within a batch, which keeps lock order stable across writers
 * @param row the parameters of one row; values are strings, numbers, booleans, {@code java.time} values, lists,
 *     maps, or null
 */
public record GraphChange(WriteStatement statement, String sortKey, Map<String, Object> row) {

    public GraphChange {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(sortKey, "sortKey");
        // Null values are allowed: a null property is not stored.
        row = Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }

    /**
     * A change whose rows are written in the order of the node they lock first (the service), then of their key:
     * sorting by the locked node keeps lock order stable across concurrent writers.
     */
    public static GraphChange locking(WriteStatement statement, String lockKey, String key, Map<String, Object> row) {
        return new GraphChange(statement, lockKey + "\u0000" + key, row);
    }

    /**
     * The change of a point-in-time fact about one service (a deployment, a scale event): its key, its service's
     * identity (environment and name), both clocks, and the properties stored on its node.
     */
    public static GraphChange ofServiceFact(
            WriteStatement statement,
            String key,
            String environment,
            String service,
            Instant at,
            Instant recordedAt,
            Map<String, Object> props) {
        return locking(
                statement,
                environment + "/" + service,
                key,
                Rows.row(
                        "key", key,
                        "environment", environment,
                        "service", service,
                        "at", Times.utc(at),
                        "recordedAt", Times.utc(recordedAt),
                        "props", props));
    }
}
