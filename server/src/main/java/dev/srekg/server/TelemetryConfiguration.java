package dev.srekg.server;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.KafkaConnection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * srekg's own telemetry with the OpenTelemetry SDK. When any standard {@code OTEL_*} variable (or {@code otel.*}
 * system property) is set, the SDK is configured from them (autoconfigure: {@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_TRACES_EXPORTER}, {@code OTEL_METRICS_EXPORTER}, ...). {@code srekg.telemetry.log} writes spans and
 * metrics to the log; {@code srekg.telemetry.dogfood} sends srekg's spans to its own spans topic, so srekg appears in
 * its graph. Otherwise telemetry is off (a no-op API, no cost).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TelemetryConfiguration.class);

    @Bean
    OpenTelemetry openTelemetry(
            TelemetryProperties telemetry,
            @Value("${srekg.role:all}") String role,
            ObjectProvider<KafkaConnection> kafka,
            ObjectProvider<IngestProperties> ingest) {
        boolean otelConfigured = System.getenv().keySet().stream().anyMatch(k -> k.startsWith("OTEL_"))
                || System.getProperties().stringPropertyNames().stream().anyMatch(k -> k.startsWith("otel."));
        if (!otelConfigured && !telemetry.log() && !telemetry.dogfood()) {
            return OpenTelemetry.noop();
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "srekg");
        defaults.put(
                "otel.resource.attributes",
                "service.namespace=srekg,service.instance.id=" + UUID.randomUUID() + ",srekg.role=" + role);
        defaults.put("otel.logs.exporter", "none");
        if (!otelConfigured) {
            defaults.put("otel.traces.exporter", telemetry.log() ? "logging" : "none");
            defaults.put("otel.metrics.exporter", telemetry.log() ? "logging" : "none");
        }
        var sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addTracerProviderCustomizer((builder, config) -> {
                    if (telemetry.dogfood()) {
                        String topic = ingest.getObject().traces().topic();
                        builder.addSpanProcessor(
                                BatchSpanProcessor.builder(new TopicSpanExporter(kafka.getObject(), topic))
                                        .build());
                    }
                    return builder;
                })
                .build()
                .getOpenTelemetrySdk();
        log.info(
                "OpenTelemetry on: {}{}{}",
                otelConfigured ? "configured by OTEL_* " : "",
                telemetry.log() ? "logging " : "",
                telemetry.dogfood() ? "spans to srekg's own spans topic" : "");
        return sdk;
    }
}
