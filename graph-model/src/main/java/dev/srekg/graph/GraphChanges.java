package dev.srekg.graph;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The pure mapping from a change event to the graph changes it makes. */
public final class GraphChanges {

    private GraphChanges() {}

    /**
     * The changes one event makes.
     *
     * @param event the parsed event
     * @param recordedAt record time: when srekg writes it
     */
    public static List<GraphChange> of(ChangeEvent event, Instant recordedAt) {
        if (event instanceof Deployment d) {
            return List.of(new GraphChange(
                    WriteStatement.DEPLOYMENT,
                    d.service() + "\u0000" + d.key(),
                    Map.of(
                            "key", d.key(),
                            "service", d.service(),
                            "environment", d.environment(),
                            "action", d.action().name(),
                            "artifactId", d.artifactId(),
                            "version", d.version(),
                            "at", utc(d.at()),
                            "recordedAt", utc(recordedAt))));
        }
        throw new IllegalArgumentException(
                "no graph mapping for " + event.getClass().getName());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
