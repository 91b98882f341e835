package dev.srekg.server;

import dev.srekg.demo.DemoProperties;
import dev.srekg.demo.DemoRunner;
import dev.srekg.demo.DemoWorld;
import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.KafkaConnection;
import dev.srekg.ingest.kafka.TopicProvisioning;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The demo world, when {@code srekg.demo.enabled}: it writes to the topics ingest reads. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("srekg.demo.enabled")
class DemoConfiguration {

    @Bean
    DemoRunner demoRunner(DemoProperties demo, KafkaConnection kafka, IngestProperties ingest, Clock clock) {
        IngestProperties.Topics t = ingest.topics();
        return new DemoRunner(
                demo,
                kafka.clientProperties(Map.of()),
                Map.of(
                        DemoWorld.Stream.SPANS, ingest.traces().topic(),
                        DemoWorld.Stream.DEPLOYS, t.deploys(),
                        DemoWorld.Stream.SCALING, t.scaling(),
                        DemoWorld.Stream.TICKETS, t.tickets(),
                        DemoWorld.Stream.ALERTS, t.alerts(),
                        DemoWorld.Stream.CATALOG, t.catalog(),
                        DemoWorld.Stream.CHANGES, t.changes()),
                names -> {
                    try (Admin admin = Admin.create(kafka.clientProperties(Map.of()))) {
                        TopicProvisioning.ensure(admin, names, ingest.partitions(), ingest.replicationFactor());
                    }
                },
                clock);
    }
}
