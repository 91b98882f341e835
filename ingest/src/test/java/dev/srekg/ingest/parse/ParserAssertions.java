package dev.srekg.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.change.ChangeEvent;
import java.util.List;
import java.util.Map;

/** Shared steps of the parser tests. */
final class ParserAssertions {

    private ParserAssertions() {}

    static ParseResult parse(RecordParser parser, byte[] value, Map<String, String> headers) {
        return parser.parse(new IncomingRecord("topic", 0, 7L, value, headers));
    }

    static List<ChangeEvent> events(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).events();
    }

    static <T extends ChangeEvent> T single(ParseResult result, Class<T> type) {
        List<ChangeEvent> events = events(result);
        assertThat(events).hasSize(1).first().isInstanceOf(type);
        return type.cast(events.get(0));
    }

    static String rejection(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }

    static String skip(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Skipped.class);
        return ((ParseResult.Skipped) result).reason();
    }
}
