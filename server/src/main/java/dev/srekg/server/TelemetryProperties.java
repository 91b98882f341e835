package dev.srekg.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * srekg's own telemetry ({@code srekg.telemetry.*}); the standard {@code OTEL_*} variables configure the exporters.
 *
 * @param log write srekg's spans and metrics to its log
 * @param dogfood send srekg's spans to its own spans topic, so that srekg appears in its own graph
 */
@ConfigurationProperties("srekg.telemetry")
public record TelemetryProperties(
        @DefaultValue("false") boolean log,
        @DefaultValue("false") boolean dogfood) {}
