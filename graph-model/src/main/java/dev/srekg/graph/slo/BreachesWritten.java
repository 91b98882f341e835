package dev.srekg.graph.slo;

/**
 * Ingest has committed breaches to the graph: what it tells the incident recorder of the same process, so that the
 * recorder looks for new breaches now rather than on its next poll. Other processes' recorders still poll.
 *
 * @param count how many breaches the write held
 */
public record BreachesWritten(int count) {

    public BreachesWritten {
        if (count <= 0) {
            throw new IllegalArgumentException("a write of breaches holds at least one: " + count);
        }
    }
}
