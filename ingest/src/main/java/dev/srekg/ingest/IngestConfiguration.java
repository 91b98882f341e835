package dev.srekg.ingest;

import dev.srekg.ingest.kafka.IngestTelemetry;
import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.CatalogParser;
import dev.srekg.ingest.parse.ChangesParser;
import dev.srekg.ingest.parse.DeploysParser;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.ingest.parse.ScalingParser;
import dev.srekg.ingest.parse.TicketsParser;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingest role: one consumer per stream writing to Neo4j. Needs a {@link Driver}, a {@link Clock}, a
 * {@link KafkaConnection} and an {@link OpenTelemetry} from the application. Breaches written are published as
 * {@link dev.srekg.graph.slo.BreachesWritten} events, for the incident recorder of the same process.
 */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    @Bean
    GraphWriter graphWriter(Driver driver, Clock clock) {
        return new GraphWriter(driver, clock);
    }

    @Bean
    IngestWorkers ingestWorkers(
            KafkaConnection kafka,
            IngestProperties properties,
            GraphWriter writer,
            OpenTelemetry openTelemetry,
            ApplicationEventPublisher events) {
        IdentityRules rules = properties.identity().rules();
        IngestProperties.Topics topics = properties.topics();
        Map<String, RecordParser> parsers = new LinkedHashMap<>();
        parsers.put(topics.deploys(), new DeploysParser(rules.environments()));
        parsers.put(topics.scaling(), new ScalingParser(rules));
        parsers.put(topics.tickets(), new TicketsParser(rules));
        parsers.put(topics.alerts(), new AlertsParser(rules));
        parsers.put(topics.catalog(), new CatalogParser());
        parsers.put(topics.changes(), new ChangesParser(properties.identity().changeRules()));
        return new IngestWorkers(
                kafka,
                properties,
                new BreachSignals(writer, events::publishEvent),
                parsers,
                new IngestTelemetry(openTelemetry));
    }
}
