package dev.srekg.graph;

import java.time.Instant;

/** A change to a service that srekg records on the graph, with the time it happened. */
public sealed interface ChangeEvent permits Deployment {

    /** Natural key: the same event delivered twice has the same key. */
    String key();

    /** Name of the service the change applies to. */
    String service();

    /** Event time: when the change happened, from the payload. */
    Instant at();
}
