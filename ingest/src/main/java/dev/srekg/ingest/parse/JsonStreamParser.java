package dev.srekg.ingest.parse;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A stream of JSON records: reads the value once, takes srekg's own JSON of the stream's kind, and hands every other
 * record to the stream's producer formats. Turns every refusal into a {@link ParseResult.Rejected} with its reason.
 */
abstract class JsonStreamParser implements RecordParser {

    /** The discriminator of srekg's own JSON format: {@code {"srekg": "deploy", ...}}. */
    private static final String OWN_FORMAT_FIELD = "srekg";

    private final String stream;
    private final Set<String> ownKinds;
    private final IdentityRules.Environments environments;

    JsonStreamParser(String stream, String ownKind, IdentityRules.Environments environments) {
        this(stream, Set.of(ownKind), environments);
    }

    JsonStreamParser(String stream, Set<String> ownKinds, IdentityRules.Environments environments) {
        this.stream = stream;
        this.ownKinds = Set.copyOf(ownKinds);
        this.environments = environments;
    }

    @Override
    public final ParseResult parse(IncomingRecord record) {
        try {
            JsonNode root = Json.read(record.value());
            if (root.has(OWN_FORMAT_FIELD)) {
                String kind = Json.text(root, OWN_FORMAT_FIELD);
                if (!ownKinds.contains(kind)) {
                    throw new Json.Invalid(
                            "srekg record of kind '" + Json.abbreviate(kind) + "' on the " + stream + " stream");
                }
                return parseOwnFormat(kind, root);
            }
            return parseProducerFormat(root, record);
        } catch (Json.Invalid e) {
            return new ParseResult.Rejected(e.getMessage());
        } catch (IllegalArgumentException e) {
            // A record's compact constructor refused a value: the record is as unusable as malformed JSON.
            return new ParseResult.Rejected("invalid event: " + e.getMessage());
        }
    }

    /** Parses srekg's own JSON of one of the stream's kinds. */
    ParseResult parseOwnFormat(String kind, JsonNode root) {
        return SrekgFormat.parse(kind, root, environments);
    }

    /** Parses a record in one of the producers' formats this stream takes. */
    abstract ParseResult parseProducerFormat(JsonNode root, IncomingRecord record);
}
