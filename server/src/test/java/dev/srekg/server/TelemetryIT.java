package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.ingest.KafkaConnection;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * srekg's own telemetry, read back from the SDK's in-memory exporters: a span per consumed batch with its parse and
 * Neo4j write, a span per API request with its queries, the ingest and API metrics; and dogfooding, srekg's spans
 * on its own spans topic in the Collector's encoding. Issue 8.
 */
@ExtendWith(RealStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TelemetryIT.InMemoryTelemetry.class)
class TelemetryIT {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final InMemoryMetricReader METRICS = InMemoryMetricReader.create();

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryTelemetry {
        @Bean
        @Primary
        OpenTelemetry inMemoryOpenTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                            .build())
                    .setMeterProvider(SdkMeterProvider.builder()
                            .registerMetricReader(METRICS)
                            .build())
                    .build();
        }
    }

    @DynamicPropertySource
    static void realStack(DynamicPropertyRegistry registry) {
        registry.add("srekg.kafka.bootstrap", () -> RealStack.get().kafkaBootstrap());
        registry.add("srekg.neo4j.uri", () -> RealStack.get().boltUri());
        // A context of its own: it reads topics of its own and leaves traces and incidents to the shared context.
        registry.add("srekg.ingest.group-id", () -> "telemetry-it");
        registry.add("srekg.ingest.topics.deploys", () -> "tel.deploys");
        registry.add("srekg.ingest.topics.scaling", () -> "tel.scaling");
        registry.add("srekg.ingest.topics.tickets", () -> "tel.tickets");
        registry.add("srekg.ingest.topics.alerts", () -> "tel.alerts");
        registry.add("srekg.ingest.topics.changes", () -> "tel.changes");
        registry.add("srekg.ingest.topics.catalog", () -> "tel.catalog");
        registry.add("srekg.ingest.traces.enabled", () -> "false");
        registry.add("srekg.api.incidents.poll-interval", () -> "1h");
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void consumedBatchIsASpanWithItsParseAndItsNeo4jWrite(RealStack stack) {
        KafkaRecords.send(
                stack,
                "tel.deploys",
                "telemetry",
                "{\"srekg\":\"deploy\",\"id\":\"tel-1\",\"service\":\"telemetry-svc\",\"version\":\"1.0\",\"at\":\"2026-11-20T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
        var batch = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> SPANS.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals("tel.deploys process"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        assertThat(batch.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(batch.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                .isEqualTo("tel.deploys");
        List<io.opentelemetry.sdk.trace.data.SpanData> children = SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(batch.getSpanId()))
                .toList();
        assertThat(children)
                .extracting(io.opentelemetry.sdk.trace.data.SpanData::getName)
                .contains("parse", "neo4j write");
        var write = children.stream()
                .filter(s -> s.getName().equals("neo4j write"))
                .findFirst()
                .orElseThrow();
        assertThat(write.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(write.getAttributes().get(AttributeKey.stringKey("db.system")))
                .isEqualTo("neo4j");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<MetricData> metrics = List.copyOf(METRICS.collectAllMetrics());
            assertThat(longSum(metrics, "srekg.ingest.records", "tel.deploys", "written"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics)
                    .extracting(MetricData::getName)
                    .contains("srekg.ingest.write.duration", "srekg.ingest.lag", "srekg.ingest.write.retries");
        });
    }

    @Test
    void apiRequestIsASpanNamedByItsRouteWithItsQueries() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/v1/services/nowhere/context"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        var request = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> SPANS.getFinishedSpanItems().stream()
                                .filter(s -> s.getKind() == SpanKind.SERVER
                                        && s.getName().equals("GET /api/v1/services/{service}/context"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(404L);

        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/cypher"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"RETURN 1 AS one\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        var cypher = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> SPANS.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals("POST /api/v1/cypher"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        assertThat(SPANS.getFinishedSpanItems()).anySatisfy(s -> {
            assertThat(s.getName()).isEqualTo("neo4j console");
            assertThat(s.getParentSpanId()).isEqualTo(cypher.getSpanId());
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
        });
        assertThat(METRICS.collectAllMetrics())
                .extracting(MetricData::getName)
                .contains("srekg.api.request.duration", "srekg.api.query.duration");
    }

    @Test
    void dogfoodingWritesSrekgsSpansToTheSpansTopicInTheCollectorsEncoding(RealStack stack) throws Exception {
        String topic = "dogfood-" + System.nanoTime();
        try (var admin = stack.admin()) {
            TopicProvisioning.ensure(admin, List.of(topic), 1, (short) 1);
        }
        TopicSpanExporter exporter =
                new TopicSpanExporter(new KafkaConnection(stack.kafkaBootstrap(), Map.of()), topic);
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().toBuilder()
                        .put("service.name", "srekg")
                        .put("service.namespace", "srekg")
                        .build())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Tracer tracer = provider.get("test");
            Span parent = tracer.spanBuilder("GET /api/v1/services")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            try (var ignored = parent.makeCurrent()) {
                tracer.spanBuilder("neo4j walk")
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("peer.service", "neo4j")
                        .startSpan()
                        .end();
            }
            parent.end();
            provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<SpanData> spans = KafkaRecords.readAll(stack, topic).stream()
                .flatMap(r -> OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, r.value()).stream())
                .toList();
        assertThat(spans).hasSize(2).allSatisfy(s -> {
            assertThat(s.service()).isEqualTo("srekg");
            assertThat(s.namespace()).isEqualTo("srekg");
        });
        SpanData client = spans.stream()
                .filter(s -> s.kind() == SpanData.CLIENT)
                .findFirst()
                .orElseThrow();
        SpanData server = spans.stream()
                .filter(s -> s.kind() == SpanData.SERVER)
                .findFirst()
                .orElseThrow();
        assertThat(client.parentSpanId()).isEqualTo(server.spanId());
        assertThat(client.peer()).isEqualTo("neo4j");
    }

    private static long longSum(List<MetricData> metrics, String name, String stream, String outcome) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> stream.equals(p.getAttributes().get(AttributeKey.stringKey("stream")))
                        && outcome.equals(p.getAttributes().get(AttributeKey.stringKey("outcome"))))
                .mapToLong(p -> p.getValue())
                .sum();
    }
}
