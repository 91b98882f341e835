package dev.srekg.ingest;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.slo.BreachesWritten;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GraphSink} that, once a write holding breaches is committed, says so ({@link BreachesWritten}) to whoever
 * listens in this process (the incident recorder). A listener that fails never fails the write.
 */
final class BreachSignals implements GraphSink {

    private static final Logger log = LoggerFactory.getLogger(BreachSignals.class);

    private final GraphSink sink;
    private final Consumer<BreachesWritten> listener;

    BreachSignals(GraphSink sink, Consumer<BreachesWritten> listener) {
        this.sink = sink;
        this.listener = listener;
    }

    @Override
    public Clock clock() {
        return sink.clock();
    }

    @Override
    public void write(List<? extends ChangeEvent> events) {
        sink.write(events);
        int breaches = (int) events.stream().filter(Breach.class::isInstance).count();
        if (breaches > 0) {
            try {
                listener.accept(new BreachesWritten(breaches));
            } catch (RuntimeException e) {
                log.warn("A listener of written breaches failed: {}", e.toString());
            }
        }
    }

    @Override
    public void writeTraffic(List<TrafficWindow> windows, List<GraphChange> changes) {
        sink.writeTraffic(windows, changes);
    }

    @Override
    public Map<Integer, TraceCheckpoint> readCheckpoints(String topic, Collection<Integer> partitions) {
        return sink.readCheckpoints(topic, partitions);
    }

    @Override
    public Set<String> readInstrumentedServices() {
        return sink.readInstrumentedServices();
    }
}
