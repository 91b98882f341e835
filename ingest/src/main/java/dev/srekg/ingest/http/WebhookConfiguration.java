package dev.srekg.ingest.http;

import dev.srekg.ingest.KafkaConnection;
import dev.srekg.ingest.kafka.AlertPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Webhooks that put what they receive on Kafka ({@code POST /api/v1/alerts}). Served with the HTTP API, since that
 * is the address senders are given; the records then reach the graph through the ingest workers.
 */
@Configuration(proxyBeanMethods = false)
@Import(AlertWebhook.class)
public class WebhookConfiguration {

    @Bean(destroyMethod = "close")
    AlertPublisher alertPublisher(KafkaConnection kafka) {
        return new AlertPublisher(kafka);
    }
}
