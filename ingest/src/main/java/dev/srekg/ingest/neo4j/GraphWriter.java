package dev.srekg.ingest.neo4j;

import dev.srekg.graph.ChangeEvent;
import dev.srekg.graph.GraphChange;
import dev.srekg.graph.GraphChanges;
import dev.srekg.graph.WriteStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Writes change events to Neo4j: one transaction per batch, one {@code UNWIND} round trip per statement, rows sorted
 * by key. The driver retries transient failures inside {@code executeWrite}; what still fails is thrown.
 */
public final class GraphWriter {

    private final Driver driver;
    private final Clock clock;

    public GraphWriter(Driver driver, Clock clock) {
        this.driver = driver;
        this.clock = clock;
    }

    public void write(List<? extends ChangeEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<WriteStatement, List<GraphChange>> byStatement = new EnumMap<>(WriteStatement.class);
        var recordedAt = clock.instant();
        for (ChangeEvent event : events) {
            for (GraphChange change : GraphChanges.of(event, recordedAt)) {
                byStatement
                        .computeIfAbsent(change.statement(), s -> new ArrayList<>())
                        .add(change);
            }
        }
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> byStatement.forEach((statement, changes) -> {
                List<Map<String, Object>> rows = changes.stream()
                        .sorted(Comparator.comparing(GraphChange::sortKey))
                        .map(GraphChange::row)
                        .toList();
                tx.run(statement.cypher(), Map.of("rows", rows)).consume();
            }));
        }
    }
}
