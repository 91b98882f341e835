package dev.srekg.graph;

import java.time.Instant;

/**
 * A fact srekg records on the graph, with the time it happened. Every kind has a natural key, so the same fact
 * delivered twice is written once.
 */
public sealed interface ChangeEvent permits Deployment, ScaleEvent, Ticket, Breach {

    /** Natural key: the same fact delivered twice has the same key. */
    String key();

    /** Event time: when it happened (for a fact with a duration, when it started), from the payload. */
    Instant at();
}
