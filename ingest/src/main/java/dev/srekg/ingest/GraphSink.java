package dev.srekg.ingest;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where ingest writes the graph: the port between the consumer pipeline and the database. Every failure is thrown as
 * a {@link WriteFailure}, classified once by the implementation: {@link WriteFailure.Retriable} (the database is away
 * or busy: the same write may succeed later) or {@link WriteFailure.Rejected} (it never will).
 */
public interface GraphSink {

    /** The application clock: record time of what is written now. */
    Clock clock();

    /** Writes change events in one transaction. */
    void write(List<? extends ChangeEvent> events);

    /** Adds traffic windows to what is stored and writes graph changes (trace checkpoints among them) in one transaction. */
    void writeTraffic(List<TrafficWindow> windows, List<GraphChange> changes);

    /** The trace checkpoints stored for some partitions of a topic. */
    Map<Integer, TraceCheckpoint> readCheckpoints(String topic, Collection<Integer> partitions);

    /** The services whose own traffic (calls they served) the graph holds. */
    Set<String> readInstrumentedServices();
}
