package dev.srekg.api.web;

import java.time.Instant;
import org.neo4j.driver.Value;

/** Values read back from the graph, as the API's records hold them. */
public final class GraphValues {

    private GraphValues() {}

    /** A stored date-time as an instant, or null when the property is missing. */
    public static Instant instant(Value v) {
        return v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
