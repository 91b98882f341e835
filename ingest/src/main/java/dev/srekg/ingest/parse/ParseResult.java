package dev.srekg.ingest.parse;

import dev.srekg.graph.change.ChangeEvent;
import java.util.List;
import java.util.Objects;

/** What a parser made of one record. */
public sealed interface ParseResult {

    /** The record holds these events (possibly none, for an event that changes nothing). */
    record Parsed(List<ChangeEvent> events) implements ParseResult {
        public Parsed {
            events = List.copyOf(events);
        }
    }

    /** A well-formed record of a kind srekg does not use; counted, not dead-lettered. */
    record Skipped(String reason) implements ParseResult {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A record that will never parse; it goes to the dead-letter topic with this reason. */
    record Rejected(String reason) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static ParseResult parsed(ChangeEvent event) {
        return new Parsed(List.of(event));
    }
}
