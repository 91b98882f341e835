package dev.srekg.graph.change;

import java.time.Instant;
import java.util.List;

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
        return List.of(event.change(recordedAt));
    }
}
