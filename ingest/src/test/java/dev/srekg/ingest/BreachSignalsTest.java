package dev.srekg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.slo.BreachesWritten;
import dev.srekg.graph.traffic.TraceCheckpoint;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.DeploysParser;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.test.Fixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 19: the incident recorder of the process hears of breaches as they are written. */
class BreachSignalsTest {

    private final Sink sink = new Sink();
    private final List<BreachesWritten> heard = new ArrayList<>();
    private final BreachSignals signals = new BreachSignals(sink, heard::add);

    @Test
    void aWriteHoldingBreachesIsAnnouncedOnceCommitted() {
        List<ChangeEvent> events = new ArrayList<>(
                parse(new AlertsParser(IdentityRules.DEFAULTS), "sre.alerts", "alertmanager/sloth-firing.json"));
        events.addAll(parse(new DeploysParser(), "sre.deploys", "cdevents/service-deployed.json"));

        signals.write(events);

        assertThat(sink.written).containsExactly(events);
        assertThat(heard).containsExactly(new BreachesWritten(1));
    }

    @Test
    void aWriteWithoutBreachesIsNotAnnounced() {
        signals.write(parse(new DeploysParser(), "sre.deploys", "cdevents/service-deployed.json"));

        assertThat(sink.written).hasSize(1);
        assertThat(heard).isEmpty();
    }

    @Test
    void aFailedWriteIsNotAnnounced() {
        sink.failure = new WriteFailure.Retriable("database away", null);

        assertThatThrownBy(() -> signals.write(parse(
                        new AlertsParser(IdentityRules.DEFAULTS), "sre.alerts", "alertmanager/sloth-firing.json")))
                .isSameAs(sink.failure);
        assertThat(heard).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotFailTheWrite() {
        BreachSignals failing = new BreachSignals(sink, written -> {
            throw new IllegalStateException("recorder stopping");
        });

        failing.write(parse(new AlertsParser(IdentityRules.DEFAULTS), "sre.alerts", "alertmanager/sloth-firing.json"));

        assertThat(sink.written).hasSize(1);
    }

    private static List<ChangeEvent> parse(RecordParser parser, String topic, String fixture) {
        ParseResult result = parser.parse(new IncomingRecord(topic, 0, 1L, Fixtures.bytes(fixture), Map.of()));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).events();
    }

    private static final class Sink implements GraphSink {
        final List<List<? extends ChangeEvent>> written = new ArrayList<>();
        WriteFailure failure;

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void write(List<? extends ChangeEvent> events) {
            if (failure != null) {
                throw failure;
            }
            written.add(events);
        }

        @Override
        public void writeTraffic(List<TrafficWindow> windows, List<GraphChange> changes) {}

        @Override
        public Map<Integer, TraceCheckpoint> readCheckpoints(String topic, Collection<Integer> partitions) {
            return Map.of();
        }

        @Override
        public Set<String> readInstrumentedServices() {
            return Set.of();
        }
    }
}
