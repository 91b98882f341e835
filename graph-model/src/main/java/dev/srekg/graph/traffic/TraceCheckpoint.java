package dev.srekg.graph.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the trace worker of one partition resumes and what it has counted, written in the transaction of the windows
 * it flushed. A restarted worker seeks to {@code offset} and skips exactly the spans {@code counted} says were counted:
 * a span is judged by the offset of its record and its minute, never by its minute alone, so records produced after
 * the checkpoint count whatever their event time.
 *
 * @param offset where to resume reading: the lowest offset still needed by an open minute or a waiting half
 * @param flushedThrough the event-time watermark windows were written through
 * @param counted what is counted; none covers another
 */
public record TraceCheckpoint(long offset, Instant flushedThrough, List<Counted> counted) {

    public TraceCheckpoint {
        Objects.requireNonNull(flushedThrough, "flushedThrough");
        counted = List.copyOf(counted);
    }

    /**
     * Every span at an offset below {@code below} whose minute was closed at watermark {@code through} (its end plus the
     * lateness at or before it) is counted, but the late halves that were still waiting for their partners: their own
     * traffic is counted, their call not yet.
     */
    public record Counted(long below, Instant through, Set<Pending> pending) {
        public Counted {
            Objects.requireNonNull(through, "through");
            pending = Set.copyOf(pending);
        }

        /** Whether this says all that {@code other} says. */
        public boolean covers(Counted other) {
            return below >= other.below && !through.isBefore(other.through) && other.pending.containsAll(pending);
        }
    }

    /**
     * A late half waiting for its partner: the offset of its record and its id within the record (its span id mixed
     * with its trace id, as span ids are unique within a trace only; the span id alone in checkpoints written before).
     */
    public record Pending(long offset, long spanId) {}
}
