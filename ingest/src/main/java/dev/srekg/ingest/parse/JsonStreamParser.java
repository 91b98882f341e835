package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** A stream of JSON records: reads the value once, then lets the stream pick the format. */
abstract class JsonStreamParser implements RecordParser {

    /** The discriminator of srekg's own JSON format: {@code {"srekg": "deploy", ...}}. */
    static final String OWN_FORMAT_FIELD = "srekg";

    @Override
    public final ParseResult parse(IncomingRecord record) {
        try {
            return parse(Json.read(record.value()), record);
        } catch (Json.Invalid e) {
            return new ParseResult.Rejected(e.getMessage());
        } catch (IllegalArgumentException e) {
            // A record's compact constructor refused a value: the record is as unusable as malformed JSON.
            return new ParseResult.Rejected("invalid event: " + e.getMessage());
        }
    }

    abstract ParseResult parse(JsonNode root, IncomingRecord record);

    /** The kind of an srekg-format record, or empty for other formats. */
    static String ownFormatKind(JsonNode root) {
        return root.has(OWN_FORMAT_FIELD) ? Json.text(root, OWN_FORMAT_FIELD) : "";
    }

    static Json.Invalid wrongOwnKind(String kind, String expected) {
        return new Json.Invalid("srekg record of kind '" + Json.abbreviate(kind) + "' on the " + expected + " stream");
    }
}
