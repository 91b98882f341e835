package dev.srekg.ingest;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.ingest.parse.CdEventsParser;
import dev.srekg.ingest.parse.RecordParser;
import java.time.Clock;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingest role: one consumer per stream writing to Neo4j. Needs a {@link Driver}, a {@link Clock} and a
 * {@link KafkaConnection} from the application.
 */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    @Bean
    GraphWriter graphWriter(Driver driver, Clock clock) {
        return new GraphWriter(driver, clock);
    }

    @Bean
    IngestWorkers ingestWorkers(KafkaConnection kafka, IngestProperties properties, GraphWriter writer) {
        Map<String, RecordParser> parsers = Map.of(properties.topics().deploys(), new CdEventsParser());
        return new IngestWorkers(kafka, properties, writer, parsers);
    }
}
