package dev.srekg.ingest.traces;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static dev.srekg.demo.Otlp.span;
import static dev.srekg.demo.Otlp.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.demo.Otlp;
import dev.srekg.graph.services.ServiceId;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpSpansTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:05.250Z");

    private static List<Otlp.S> twoServices() {
        return List.of(
                span("frontend", trace(1), Otlp.span(1), "", SERVER, T, 120),
                span("frontend", trace(1), Otlp.span(2), Otlp.span(1), CLIENT, T.plusMillis(5), 80)
                        .withAttributes(Map.of("peer.service", "checkout", "server.address", "10.0.3.7")),
                span("checkout", trace(1), Otlp.span(3), Otlp.span(2), SERVER, T.plusMillis(7), 70)
                        .failed());
    }

    @ParameterizedTest
    @EnumSource(OtlpSpans.Encoding.class)
    void readsSpansOfManyServicesFromOneRecord(OtlpSpans.Encoding encoding) {
        byte[] value = encoding == OtlpSpans.Encoding.OTLP_PROTO ? Otlp.proto(twoServices()) : Otlp.json(twoServices());

        List<SpanData> spans = OtlpSpans.parse(encoding, value);

        assertThat(spans).hasSize(3);
        SpanData client = spans.get(1);
        assertThat(client.service()).isEqualTo("frontend");
        assertThat(client.kind()).isEqualTo(SpanData.CLIENT);
        assertThat(client.traceHi()).isZero();
        assertThat(client.traceLo()).isEqualTo(1);
        assertThat(client.spanId()).isEqualTo(2);
        assertThat(client.parentSpanId()).isEqualTo(1);
        assertThat(client.peer()).isEqualTo("checkout");
        assertThat(client.durationMicros()).isEqualTo(80_000);
        assertThat(client.startNanos()).isEqualTo(1_795_168_805_255_000_000L);
        SpanData server = spans.get(2);
        assertThat(server.service()).isEqualTo("checkout");
        assertThat(server.error()).isTrue();
        assertThat(server.peer()).isEmpty();
    }

    @Test
    void readsTheCollectorsJsonFixture() {
        List<SpanData> spans =
                OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, Fixtures.bytes("otlp/checkout-trace.json"));

        assertThat(spans).extracting(SpanData::service).containsExactly("frontend", "frontend", "checkout", "checkout");
        assertThat(spans.get(3).peer()).isEqualTo("postgresql/orders");
        assertThat(spans.get(0).traceHi()).isEqualTo(0x5b8efff798038103L);
    }

    @Test
    void theResourceNamesTheEnvironmentAndCluster() { // issue 15
        String json =
                "{\"resourceSpans\":[" + resource("deployment.environment.name", "staging", "k8s.cluster.name", "eu-1")
                        + "," + resource("deployment.environment", "qa", "service.namespace", "shop") + ","
                        + resource("deployment.environment", "old", "deployment.environment.name", "new") + ","
                        + resource() + "]}";

        List<SpanData> spans = OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, json.getBytes(StandardCharsets.UTF_8));

        assertThat(spans).extracting(SpanData::environment).containsExactly("staging", "qa", "new", "");
        assertThat(spans.get(0).cluster()).isEqualTo("eu-1");
        assertThat(spans.get(3).id()).isEqualTo(new ServiceId("prod", "cart"));
        assertThat(spans.get(3).orIn("dev").id()).isEqualTo(new ServiceId("dev", "cart"));
        assertThat(spans.get(0).orIn("dev").id()).isEqualTo(new ServiceId("staging", "cart"));
    }

    private static String resource(String... attributes) {
        StringBuilder a = new StringBuilder("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"cart\"}}");
        for (int i = 0; i < attributes.length; i += 2) {
            a.append(",{\"key\":\"")
                    .append(attributes[i])
                    .append("\",\"value\":{\"stringValue\":\"")
                    .append(attributes[i + 1])
                    .append("\"}}");
        }
        return "{\"resource\":{\"attributes\":[" + a + "]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                + "0".repeat(31) + "1\",\"spanId\":\"" + "0".repeat(15) + "1\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"1795168805250000000\",\"endTimeUnixNano\":\"1795168805370000000\","
                + "\"status\":{}}]}]}";
    }

    @Test
    void peerPrefersServiceIdentityAndNeverAnIpAddress() {
        assertThat(OtlpSpans.peer("", "10.1.2.3", "", "", "", "")).isEmpty();
        assertThat(OtlpSpans.peer("", "[2001:db8::1]", "", "", "", "")).isEmpty();
        assertThat(OtlpSpans.peer("", "Payments.Internal", "", "", "", "")).isEqualTo("payments.internal");
        assertThat(OtlpSpans.peer("", "10.1.2.3", "redis", "", "", "")).isEqualTo("redis");
        assertThat(OtlpSpans.peer("", "", "", "", "kafka", "orders")).isEqualTo("kafka/orders");
        assertThat(OtlpSpans.peer("ledger", "ledger.svc", "postgresql", "x", "", ""))
                .isEqualTo("ledger");
    }

    @Test
    void rejectsProtobufGarbage() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x7f, (byte) 0x80};
        assertThatThrownBy(() -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, garbage))
                .isInstanceOf(OtlpSpans.Invalid.class)
                .hasMessageStartingWith("not OTLP protobuf TracesData");
    }

    @ParameterizedTest
    @EnumSource(OtlpSpans.Encoding.class)
    void tellsJsonFromProtobufPerRecordWhateverTheFallback(OtlpSpans.Encoding fallback) { // issue 21
        assertThat(OtlpSpans.parse(fallback, Otlp.json(twoServices())))
                .isEqualTo(OtlpSpans.parse(fallback, Otlp.proto(twoServices())))
                .hasSize(3);
    }

    @Test
    void usesTheFallbackForJsonWithLeadingWhitespace() { // issue 21
        byte[] json = Otlp.json(twoServices());
        byte[] padded = new byte[json.length + 2];
        padded[0] = ' ';
        padded[1] = '\t';
        System.arraycopy(json, 0, padded, 2, json.length);

        assertThat(OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, padded)).hasSize(3);
        assertThatThrownBy(() -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, padded))
                .isInstanceOf(OtlpSpans.Invalid.class)
                .hasMessageStartingWith("not OTLP protobuf TracesData");
    }

    @Test
    void rejectsBadJson() {
        assertThatThrownBy(() -> OtlpSpans.parse(
                        OtlpSpans.Encoding.OTLP_JSON, "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("missing resourceSpans array");
        String badId = new String(Otlp.json(twoServices()), StandardCharsets.UTF_8).replace(trace(1), "xyz");
        assertThatThrownBy(() -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, badId.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("traceId must be 32 hex characters");
        assertThatThrownBy(() -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_JSON, new byte[0]))
                .hasMessage("empty value");
    }
}
