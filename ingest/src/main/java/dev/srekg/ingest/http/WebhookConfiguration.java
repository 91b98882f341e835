package dev.srekg.ingest.http;

import dev.srekg.ingest.KafkaConnection;
import dev.srekg.ingest.kafka.WebhookPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Webhooks that put what they receive on Kafka ({@code POST /api/v1/alerts}, {@code POST /api/v1/webhooks/github},
 * {@code POST /api/v1/catalog}, {@code POST /api/v1/webhooks/launchdarkly}, {@code POST /api/v1/changes}). Served
 * with the HTTP API, since that is the address senders are given; the records then reach the graph through the ingest
 * workers.
 */
@Configuration(proxyBeanMethods = false)
@Import({AlertWebhook.class, GitHubWebhook.class, CatalogImport.class, ChangeWebhooks.class})
public class WebhookConfiguration {

    @Bean(destroyMethod = "close")
    WebhookPublisher webhookPublisher(KafkaConnection kafka) {
        return new WebhookPublisher(kafka);
    }
}
