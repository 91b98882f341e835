package dev.srekg.ingest.parse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Strict JSON reading for parsers: bounded nesting and sizes, and field access that explains what is wrong. */
final class Json {

    /** The bounds of every parser's reading: nesting depth and string length. */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(1_000_000)
            .build();

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** Thrown for input that is not what a parser needs; its message is the dead-letter reason. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static JsonNode read(byte[] bytes) {
        if (bytes.length == 0) {
            throw new Invalid("empty value");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new Invalid("expected a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new Invalid("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A required non-blank string at a dotted path. */
    static String text(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            throw new Invalid("missing required field " + path);
        }
        if (!node.isString()) {
            throw new Invalid("field " + path + " must be a string");
        }
        String value = node.stringValue().strip();
        if (value.isEmpty()) {
            throw new Invalid("field " + path + " must not be blank");
        }
        return value;
    }

    /** An optional string at a dotted path; empty when absent or null. */
    static String optionalText(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isString()) {
            throw new Invalid("field " + path + " must be a string");
        }
        return node.stringValue().strip();
    }

    /** A required RFC 3339 timestamp at a dotted path. */
    static Instant timestamp(JsonNode root, String path) {
        return timestamp(text(root, path), path);
    }

    /** An optional RFC 3339 timestamp at a dotted path; null when absent, null or empty. */
    static Instant optionalTimestamp(JsonNode root, String path) {
        String value = optionalText(root, path);
        return value.isEmpty() ? null : timestamp(value, path);
    }

    /**
     * An RFC 3339 timestamp; Jira's {@code 2026-11-20T10:15:00.000+0000} (offset without colon) is accepted too.
     */
    static Instant timestamp(String value, String what) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value, JIRA_TIME).toInstant();
            } catch (DateTimeParseException notJira) {
                throw new Invalid(what + " is not an RFC 3339 timestamp: " + abbreviate(value));
            }
        }
    }

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");

    /** A required epoch-milliseconds number at a dotted path. */
    static Instant epochMillis(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            throw new Invalid("missing required field " + path);
        }
        if (!node.isIntegralNumber()) {
            throw new Invalid("field " + path + " must be an integer (epoch milliseconds)");
        }
        return Instant.ofEpochMilli(node.longValue());
    }

    /** An optional integer at a dotted path; {@code fallback} when absent or null. */
    static int optionalInt(JsonNode root, String path, int fallback) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new Invalid("field " + path + " must be an integer");
        }
        return node.intValue();
    }

    /** An array at a dotted path; empty when absent or null. */
    static JsonNode optionalArray(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            return MAPPER.createArrayNode();
        }
        if (!node.isArray()) {
            throw new Invalid("field " + path + " must be an array");
        }
        return node;
    }

    /** An object at a dotted path; empty when absent or null. */
    static JsonNode optionalObject(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node.isMissingNode() || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new Invalid("field " + path + " must be an object");
        }
        return node;
    }

    /** The strings of an array of strings, or of the {@code field} of an array of objects. */
    static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode value = field == null ? item : item.path(field);
            if (value.isString() && !value.stringValue().isBlank()) {
                values.add(value.stringValue().strip());
            }
        }
        return values;
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
