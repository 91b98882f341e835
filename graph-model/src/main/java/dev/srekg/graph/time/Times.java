package dev.srekg.graph.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Times as the graph stores them: UTC date-times, so Cypher compares them with {@code datetime} values. */
public final class Times {

    private Times() {}

    /** The instant as a UTC date-time, the form every time property and parameter of the graph takes. */
    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
