package dev.srekg.graph.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void packedHistogramsUnpackToTheSameCounts() {
        Random random = new Random(3);
        long[] counts = new long[TrafficWindow.MINUTES * Latency.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(128);
                case 2 -> random.nextInt(1_000_000);
                default -> Long.MAX_VALUE - random.nextInt(10);
            };
        }
        byte[] packed = Latency.pack(counts);

        assertThat(Latency.unpack(packed, counts.length)).containsExactly(counts);
        assertThat(Latency.pack(new long[840])).hasSize(840);
        assertThatThrownBy(() -> Latency.unpack(new byte[] {1, 2}, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramsStoredAsListsBeforePackingStillRead() {
        assertThat(Latency.unpackStored(List.of(1L, 2L, 300L), 3)).containsExactly(1, 2, 300);
        assertThat(Latency.unpackStored(null, 3)).isNull();
    }

    @Test
    void addingAWindowToAStoredHourAddsItsHistogram() {
        TrafficWindow.Subject edge =
                new TrafficWindow.Subject.Edge(new ServiceId("prod", "a"), new ServiceId("prod", "b"), "CALL", false);
        Instant hour = Instant.parse("2026-11-20T10:00:00Z");
        TrafficWindow first = TrafficWindow.empty(edge, hour);
        long[] buckets = new long[Latency.BUCKETS];
        buckets[3] = 200;
        first.addMinute(7, 200, 1, 1000, buckets);

        Map<String, Object> stored = new HashMap<>(TraceChanges.added(first, new HashMap<>()));
        Map<String, Object> again = TraceChanges.added(first, stored);

        long[] latency = Latency.unpack((byte[]) again.get("latency"), TrafficWindow.MINUTES * Latency.BUCKETS);
        assertThat(latency[7 * Latency.BUCKETS + 3]).isEqualTo(400);
        assertThat(again.get("callsTotal")).isEqualTo(400L);
    }
}
