package dev.srekg.graph.traffic;

import java.time.Instant;
import java.util.Objects;

/**
 * A dependency edge was seen during {@code [first, last]} (minute starts, event time). The graph keeps each edge as
 * validity intervals: a {@code DEPENDS_ON} relationship per period of activity, from {@code since} to {@code to}
 * (open while active), closed once unseen for the idle timeout.
 *
 * @param edge source, target and kind
 * @param first first minute seen in this flush
 * @param last last minute seen in this flush
 */
public record EdgeActivity(TrafficWindow.Subject.Edge edge, Instant first, Instant last) {

    public EdgeActivity {
        Objects.requireNonNull(edge, "edge");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last must not be before first");
        }
    }
}
