package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** srekg's own spans reach its topic in the encoding its trace worker reads (issue 14: encoded without demo). */
class TopicSpanExporterTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void ownSpansEncodeAsOtlpProtoThatTheTraceParserReads() {
        Resource resource = Resource.create(Attributes.builder()
                .put("service.name", "srekg")
                .put("service.namespace", "sre")
                .build());
        var server = span(resource, "b7ad6b7169203331", SpanContext.getInvalid(), SpanKind.SERVER, StatusData.unset());
        var client = span(
                resource,
                "00f067aa0ba902b7",
                SpanContext.create(TRACE, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()),
                SpanKind.CLIENT,
                StatusData.error());

        List<SpanData> parsed =
                OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, TopicSpanExporter.otlpProto(List.of(server, client)));

        assertThat(parsed).hasSize(2);
        SpanData first = parsed.get(0);
        assertThat(first.service()).isEqualTo("srekg");
        assertThat(first.namespace()).isEqualTo("sre");
        assertThat(first.kind()).isEqualTo(SpanData.SERVER);
        assertThat(first.parentSpanId()).isZero();
        assertThat(first.endNanos() - first.startNanos()).isEqualTo(2_000_000L);
        SpanData second = parsed.get(1);
        assertThat(second.kind()).isEqualTo(SpanData.CLIENT);
        assertThat(second.parentSpanId()).isEqualTo(first.spanId());
        assertThat(second.traceLo()).isEqualTo(first.traceLo());
        assertThat(second.error()).isTrue();
        assertThat(first.error()).isFalse();
    }

    private static TestSpanData span(
            Resource resource, String spanId, SpanContext parent, SpanKind kind, StatusData status) {
        return TestSpanData.builder()
                .setResource(resource)
                .setSpanContext(SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
                .setParentSpanContext(parent)
                .setName("GET /api/v1/services")
                .setKind(kind)
                .setStartEpochNanos(1_764_000_000_000_000_000L)
                .setEndEpochNanos(1_764_000_000_002_000_000L)
                .setStatus(status)
                .setHasEnded(true)
                .setTotalRecordedEvents(0)
                .setTotalRecordedLinks(0)
                .build();
    }
}
