package dev.srekg.demo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Spans in the OpenTelemetry Collector kafka exporter's encodings: {@code TracesData} as OTLP protobuf (built with
 * the official generated classes) and OTLP/JSON (hex ids, integer enums, 64-bit integers as strings).
 */
public final class Otlp {

    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    public static final int PRODUCER = 4;
    public static final int CONSUMER = 5;

    private Otlp() {}

    /**
     * One span.
     *
     * @param service resource {@code service.name}
     * @param traceId 32 hex characters
     * @param spanId 16 hex characters
     * @param parentSpanId 16 hex characters, or empty for a root
     * @param kind OTLP span kind
     * @param start start time
     * @param duration duration
     * @param error status ERROR
     * @param attributes span attributes (strings)
     * @param environment resource {@code deployment.environment.name}, or empty for a resource that names none
     */
    public record S(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            int kind,
            Instant start,
            Duration duration,
            boolean error,
            Map<String, String> attributes,
            String environment) {

        public S withAttributes(Map<String, String> attributes) {
            return new S(service, traceId, spanId, parentSpanId, kind, start, duration, error, attributes, environment);
        }

        public S failed() {
            return new S(service, traceId, spanId, parentSpanId, kind, start, duration, true, attributes, environment);
        }

        /** The span of a resource in {@code environment} (empty: a resource that names none). */
        public S in(String environment) {
            return new S(service, traceId, spanId, parentSpanId, kind, start, duration, error, attributes, environment);
        }
    }

    /** A trace id from a small number, for readable tests. */
    public static String trace(long n) {
        return "%032x".formatted(n);
    }

    /** A span id from a small number. */
    public static String span(long n) {
        return "%016x".formatted(n);
    }

    public static S span(
            String service, String traceId, String spanId, String parent, int kind, Instant start, long millis) {
        return new S(service, traceId, spanId, parent, kind, start, Duration.ofMillis(millis), false, Map.of(), "prod");
    }

    public static byte[] proto(List<S> spans) {
        return proto(spans, Map.of());
    }

    /** Spans as OTLP protobuf, with {@code service.namespace} on the resources of the services it names. */
    public static byte[] proto(List<S> spans, Map<String, String> namespaces) {
        return proto(
                spans,
                service -> namespaces.containsKey(service)
                        ? Map.of("service.namespace", namespaces.get(service))
                        : Map.of());
    }

    /**
     * Spans as OTLP protobuf, each service's resource with the attributes {@code resourceOf} gives it besides its name
     * and environment (e.g. {@code service.namespace}, {@code k8s.cluster.name}).
     */
    public static byte[] proto(List<S> spans, java.util.function.Function<String, Map<String, String>> resourceOf) {
        TracesData.Builder data = TracesData.newBuilder();
        byResource(spans).forEach((key, list) -> {
            String service = list.get(0).service();
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (S s : list) {
                Span.Builder b = Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(s.traceId())))
                        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(s.spanId())))
                        .setName(s.kind() == SERVER ? "GET /api" : "call")
                        .setKindValue(s.kind())
                        .setStartTimeUnixNano(nanos(s.start()))
                        .setEndTimeUnixNano(nanos(s.start().plus(s.duration())))
                        .setStatus(Status.newBuilder()
                                .setCode(
                                        s.error()
                                                ? Status.StatusCode.STATUS_CODE_ERROR
                                                : Status.StatusCode.STATUS_CODE_UNSET));
                if (!s.parentSpanId().isEmpty()) {
                    b.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(s.parentSpanId())));
                }
                s.attributes().forEach((k, v) -> b.addAttributes(attribute(k, v)));
                scope.addSpans(b);
            }
            Resource.Builder resource = Resource.newBuilder().addAttributes(attribute("service.name", service));
            if (!list.get(0).environment().isEmpty()) {
                resource.addAttributes(
                        attribute("deployment.environment.name", list.get(0).environment()));
            }
            resourceOf.apply(service).forEach((k, v) -> resource.addAttributes(attribute(k, v)));
            data.addResourceSpans(
                    ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
        });
        return data.build().toByteArray();
    }

    public static byte[] json(List<S> spans) {
        String resourceSpans = byResource(spans).values().stream()
                .map(list -> "{\"resource\":{\"attributes\":["
                        + jsonAttribute("service.name", list.get(0).service())
                        + (list.get(0).environment().isEmpty()
                                ? ""
                                : ","
                                        + jsonAttribute(
                                                "deployment.environment.name",
                                                list.get(0).environment()))
                        + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"io.opentelemetry.test\"},\"spans\":["
                        + list.stream().map(Otlp::jsonSpan).collect(Collectors.joining(",")) + "]}]}")
                .collect(Collectors.joining(","));
        return ("{\"resourceSpans\":[" + resourceSpans + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonSpan(S s) {
        String attributes = s.attributes().entrySet().stream()
                .map(a -> jsonAttribute(a.getKey(), a.getValue()))
                .collect(Collectors.joining(","));
        return "{\"traceId\":\"" + s.traceId() + "\",\"spanId\":\"" + s.spanId() + "\",\"parentSpanId\":\""
                + s.parentSpanId() + "\",\"name\":\"op\",\"kind\":" + s.kind() + ",\"startTimeUnixNano\":\""
                + nanos(s.start()) + "\",\"endTimeUnixNano\":\""
                + nanos(s.start().plus(s.duration()))
                + "\",\"attributes\":[" + attributes + "],\"status\":{" + (s.error() ? "\"code\":2" : "") + "}}";
    }

    private static String jsonAttribute(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"" + value + "\"}}";
    }

    /** Spans by resource: by environment and service. */
    private static Map<String, List<S>> byResource(List<S> spans) {
        return spans.stream()
                .collect(Collectors.groupingBy(
                        s -> s.environment() + "/" + s.service(), LinkedHashMap::new, Collectors.toList()));
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
