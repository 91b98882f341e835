package dev.srekg.graph.change;

import java.time.Instant;

/**
 * A fact srekg records on the graph, with the time it happened. Every kind has a natural key, so the same fact
 * delivered twice is written once. The kinds live in their capability packages (deploys, scaling, tickets, slo),
 * each with the row it writes; an interface rather than a sealed one, because a sealed interface of the unnamed
 * module cannot permit classes of other packages.
 */
public interface ChangeEvent {

    /** Natural key: the same fact delivered twice has the same key. */
    String key();

    /** Event time: when it happened (for a fact with a duration, when it started), from the payload. */
    Instant at();

    /**
     * The change this fact makes on the graph.
     *
     * @param recordedAt record time: when srekg writes it
     */
    GraphChange change(Instant recordedAt);
}
