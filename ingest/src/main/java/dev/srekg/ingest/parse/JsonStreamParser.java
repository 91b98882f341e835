package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/**
 * A stream of JSON records: reads the value once, takes srekg's own JSON of the stream's kind, and hands every other
 * record to the stream's producer formats. Turns every refusal into a {@link ParseResult.Rejected} with its reason.
 */
abstract class JsonStreamParser implements RecordParser {

    /** The discriminator of srekg's own JSON format: {@code {"srekg": "deploy", ...}}. */
    private static final String OWN_FORMAT_FIELD = "srekg";

    private final String stream;
    private final String ownKind;
    private final IdentityRules.Environments environments;

    JsonStreamParser(String stream, String ownKind, IdentityRules.Environments environments) {
        this.stream = stream;
        this.ownKind = ownKind;
        this.environments = environments;
    }

    @Override
    public final ParseResult parse(IncomingRecord record) {
        try {
            JsonNode root = Json.read(record.value());
            if (root.has(OWN_FORMAT_FIELD)) {
                String kind = Json.text(root, OWN_FORMAT_FIELD);
                if (!kind.equals(ownKind)) {
                    throw new Json.Invalid(
                            "srekg record of kind '" + Json.abbreviate(kind) + "' on the " + stream + " stream");
                }
                return SrekgFormat.parse(kind, root, environments);
            }
            return parseProducerFormat(root, record);
        } catch (Json.Invalid e) {
            return new ParseResult.Rejected(e.getMessage());
        } catch (IllegalArgumentException e) {
            // A record's compact constructor refused a value: the record is as unusable as malformed JSON.
            return new ParseResult.Rejected("invalid event: " + e.getMessage());
        }
    }

    /** Parses a record in one of the producers' formats this stream takes. */
    abstract ParseResult parseProducerFormat(JsonNode root, IncomingRecord record);
}
