package dev.srekg.ingest.traces;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spans as the OpenTelemetry Collector's kafka exporter writes them: {@code TracesData} in OTLP protobuf
 * ({@code otlp_proto}) or OTLP/JSON ({@code otlp_json}; hex ids, integer enums, 64-bit integers as strings). Pure:
 * bytes in, spans out, or {@link Invalid} with the reason.
 */
public final class OtlpSpans {

    /**
     * How a record is encoded. The exporter sets no header, but the two can be told apart per record, so one topic
     * can carry both: an OTLP/JSON value starts with <code>{</code>, which no protobuf {@code TracesData} does (0x7B
     * would be field 15 as a group, which it does not have); a non-empty {@code TracesData} starts with 0x0A (field 1,
     * its resource spans). The configured encoding is the fallback for a value that starts otherwise (a JSON value with
     * a leading space, say).
     */
    public enum Encoding {
        OTLP_PROTO,
        OTLP_JSON
    }

    /** A record that is not OTLP traces; the message is the dead-letter reason. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final String UNKNOWN_SERVICE = "unknown_service";
    private static final Pattern IP_ADDRESS =
            Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*]?)$");
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(1_000_000)
                            .build())
                    .build())
            .build();

    private OtlpSpans() {}

    /**
     * The spans of one record.
     *
     * @param fallback the encoding of a value that starts neither as JSON nor as protobuf
     */
    public static List<SpanData> parse(Encoding fallback, byte[] value) {
        if (value == null || value.length == 0) {
            throw new Invalid("empty value");
        }
        return encodingOf(value, fallback) == Encoding.OTLP_PROTO ? parseProto(value) : parseJson(value);
    }

    /** A value starting with <code>{</code> is OTLP/JSON, one starting with 0x0A protobuf; any other, the fallback. */
    static Encoding encodingOf(byte[] value, Encoding fallback) {
        return switch (value[0]) {
            case '{' -> Encoding.OTLP_JSON;
            case 0x0A -> Encoding.OTLP_PROTO;
            default -> fallback;
        };
    }

    static List<SpanData> parseProto(byte[] value) {
        TracesData data;
        try {
            data = TracesData.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new Invalid("not OTLP protobuf TracesData: " + e.getMessage());
        }
        if (!data.getUnknownFields().asMap().isEmpty() && data.getResourceSpansCount() == 0) {
            throw new Invalid("not OTLP protobuf TracesData: no resourceSpans, only unknown fields");
        }
        List<SpanData> spans = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            Resource resource = new Resource();
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                if (kv.getValue().hasStringValue()) {
                    resource.put(kv.getKey(), kv.getValue().getStringValue());
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans.add(new SpanData(
                            longAt(s.getTraceId(), 0, 16, "traceId"),
                            longAt(s.getTraceId(), 8, 16, "traceId"),
                            longAt(s.getSpanId(), 0, 8, "spanId"),
                            s.getParentSpanId().isEmpty() ? 0 : longAt(s.getParentSpanId(), 0, 8, "parentSpanId"),
                            s.getKindValue(),
                            resource.service,
                            resource.namespace,
                            resource.environment(),
                            resource.cluster,
                            s.getStartTimeUnixNano(),
                            s.getEndTimeUnixNano(),
                            s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            isCaller(s.getKindValue()) ? peerOf(s.getAttributesList()) : ""));
                }
            }
        }
        return spans;
    }

    private static long longAt(ByteString bytes, int offset, int expectedLength, String field) {
        if (bytes.size() != expectedLength) {
            throw new Invalid(field + " must be " + expectedLength + " bytes, was " + bytes.size());
        }
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = (v << 8) | (bytes.byteAt(i) & 0xff);
        }
        return v;
    }

    private static String peerOf(List<KeyValue> attributes) {
        String peerService = "", serverAddress = "", dbSystem = "", dbName = "", msgSystem = "", msgDest = "";
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            if (!v.hasStringValue()) {
                continue;
            }
            switch (kv.getKey()) {
                case "peer.service" -> peerService = v.getStringValue();
                case "server.address", "net.peer.name" -> serverAddress = v.getStringValue();
                case "db.system", "db.system.name" -> dbSystem = v.getStringValue();
                case "db.name", "db.namespace" -> dbName = v.getStringValue();
                case "messaging.system" -> msgSystem = v.getStringValue();
                case "messaging.destination.name", "messaging.destination" -> msgDest = v.getStringValue();
                default -> {}
            }
        }
        return peer(peerService, serverAddress, dbSystem, dbName, msgSystem, msgDest);
    }

    /**
     * The resource attributes srekg reads: the service's name and namespace, its environment
     * ({@code deployment.environment.name}, else the older {@code deployment.environment}) and its cluster.
     */
    private static final class Resource {
        String service = UNKNOWN_SERVICE;
        String namespace = "";
        String environmentName = "";
        String olderEnvironment = "";
        String cluster = "";

        void put(String key, String value) {
            switch (key) {
                case "service.name" -> service = value;
                case "service.namespace" -> namespace = value;
                case "deployment.environment.name" -> environmentName = value;
                case "deployment.environment" -> olderEnvironment = value;
                case "k8s.cluster.name" -> cluster = value;
                default -> {}
            }
        }

        String environment() {
            return environmentName.isBlank() ? olderEnvironment : environmentName;
        }
    }

    /** The peer rule: service identity first, never an IP address. */
    static String peer(
            String peerService,
            String serverAddress,
            String dbSystem,
            String dbName,
            String messagingSystem,
            String destination) {
        if (!peerService.isBlank()) {
            return peerService.strip();
        }
        if (!serverAddress.isBlank()
                && !IP_ADDRESS.matcher(serverAddress.strip()).matches()) {
            return serverAddress.strip().toLowerCase(Locale.ROOT);
        }
        if (!dbSystem.isBlank()) {
            return dbName.isBlank() ? dbSystem.strip() : dbSystem.strip() + "/" + dbName.strip();
        }
        if (!messagingSystem.isBlank() && !destination.isBlank()) {
            return messagingSystem.strip() + "/" + destination.strip();
        }
        return "";
    }

    static List<SpanData> parseJson(byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JacksonException e) {
            throw new Invalid("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("expected an OTLP/JSON object");
        }
        JsonNode resourceSpans = root.path("resourceSpans");
        if (!resourceSpans.isArray()) {
            throw new Invalid("missing resourceSpans array");
        }
        List<SpanData> spans = new ArrayList<>();
        for (JsonNode rs : resourceSpans) {
            Resource resource = new Resource();
            for (JsonNode kv : rs.path("resource").path("attributes")) {
                if (kv.path("value").path("stringValue").isString()) {
                    resource.put(
                            kv.path("key").asString(""),
                            kv.path("value").path("stringValue").stringValue());
                }
            }
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode s : ss.path("spans")) {
                    spans.add(jsonSpan(s, resource));
                }
            }
        }
        return spans;
    }

    private static SpanData jsonSpan(JsonNode s, Resource resource) {
        String traceId = hex(s, "traceId", 32);
        String parent = s.path("parentSpanId").asString("");
        int kind = integer(s.path("kind"), "kind");
        String peerService = "", serverAddress = "", dbSystem = "", dbName = "", msgSystem = "", msgDest = "";
        if (isCaller(kind)) {
            for (JsonNode kv : s.path("attributes")) {
                String v = kv.path("value").path("stringValue").asString("");
                switch (kv.path("key").asString("")) {
                    case "peer.service" -> peerService = v;
                    case "server.address", "net.peer.name" -> serverAddress = v;
                    case "db.system", "db.system.name" -> dbSystem = v;
                    case "db.name", "db.namespace" -> dbName = v;
                    case "messaging.system" -> msgSystem = v;
                    case "messaging.destination.name", "messaging.destination" -> msgDest = v;
                    default -> {}
                }
            }
        }
        return new SpanData(
                Long.parseUnsignedLong(traceId.substring(0, 16), 16),
                Long.parseUnsignedLong(traceId.substring(16), 16),
                Long.parseUnsignedLong(hex(s, "spanId", 16), 16),
                parent.isEmpty() ? 0 : Long.parseUnsignedLong(hex(s, "parentSpanId", 16), 16),
                kind,
                resource.service,
                resource.namespace,
                resource.environment(),
                resource.cluster,
                nanos(s.path("startTimeUnixNano"), "startTimeUnixNano"),
                nanos(s.path("endTimeUnixNano"), "endTimeUnixNano"),
                integer(s.path("status").path("code"), "status.code") == 2,
                isCaller(kind) ? peer(peerService, serverAddress, dbSystem, dbName, msgSystem, msgDest) : "");
    }

    private static String hex(JsonNode s, String field, int length) {
        JsonNode v = s.path(field);
        if (!v.isString()
                || v.stringValue().length() != length
                || !v.stringValue().matches("[0-9a-fA-F]+")) {
            throw new Invalid(field + " must be " + length + " hex characters");
        }
        return v.stringValue();
    }

    /** OTLP/JSON 64-bit integers are strings; numbers are accepted too. */
    private static long nanos(JsonNode v, String field) {
        try {
            if (v.isString()) {
                return Long.parseLong(v.stringValue());
            }
            if (v.isIntegralNumber()) {
                return v.longValue();
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new Invalid(field + " must be an integer of nanoseconds");
    }

    private static int integer(JsonNode v, String field) {
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber()) {
            throw new Invalid(field + " must be an integer");
        }
        return v.intValue();
    }

    private static boolean isCaller(int kind) {
        return kind == SpanData.CLIENT || kind == SpanData.PRODUCER;
    }
}
