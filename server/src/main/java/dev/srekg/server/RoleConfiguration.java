package dev.srekg.server;

import dev.srekg.api.QueryApiConfiguration;
import dev.srekg.ingest.IngestConfiguration;
import dev.srekg.ingest.http.WebhookConfiguration;
import dev.srekg.ingest.kafka.IngestWorkers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Composes the modules of the roles this process runs. */
class RoleConfiguration {

    @Configuration(proxyBeanMethods = false)
    @Conditional(Role.Ingest.class)
    @Import(IngestConfiguration.class)
    static class IngestRole {

        @Bean("ingest")
        IngestHealthIndicator ingestHealthIndicator(IngestWorkers workers) {
            return new IngestHealthIndicator(workers);
        }

        @Bean
        IngestMetrics ingestMetrics(
                IngestWorkers workers,
                dev.srekg.ingest.IngestProperties properties,
                io.opentelemetry.api.OpenTelemetry openTelemetry) {
            IngestMetrics metrics = new IngestMetrics(workers, properties);
            metrics.bindTo(openTelemetry.getMeter("dev.srekg.ingest"));
            return metrics;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Role.Api.class)
    @Import({QueryApiConfiguration.class, WebhookConfiguration.class})
    static class ApiRole {

        @Bean("notifications")
        NotificationHealthIndicator notificationHealthIndicator(dev.srekg.api.notify.NotificationStats stats) {
            return new NotificationHealthIndicator(stats);
        }
    }
}
