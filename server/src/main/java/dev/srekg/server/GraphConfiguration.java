package dev.srekg.server;

import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Neo4j driver shared by ingest and the API, and the gate that applies the schema migrations, once Neo4j and Kafka
 * answer, before the ingest workers start.
 */
@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

    @Bean(destroyMethod = "close")
    Driver neo4jDriver(Neo4jConnection neo4j) {
        if (!neo4j.isConfigured()) {
            throw new IllegalStateException("srekg.neo4j.uri is not set and no local Neo4j was started");
        }
        var auth = neo4j.password().isEmpty() ? AuthTokens.none() : AuthTokens.basic(neo4j.user(), neo4j.password());
        Config config = Config.builder()
                .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                // Short: the driver's own retry covers deadlocks and brief hiccups. A longer outage reaches srekg's
                // ingest retry (capped backoff, counted, logged, resumes within seconds of Neo4j's return) and the
                // API's callers, instead of blocking them in the driver's growing backoff.
                .withMaxTransactionRetryTime(3, TimeUnit.SECONDS)
                .build();
        return GraphDatabase.driver(neo4j.uri(), auth, config);
    }

    /** Migrations are applied by the {@link DependencyGate}, which waits for Neo4j to answer first. */
    @Bean
    SchemaMigrations schemaMigrations(
            Driver driver,
            @org.springframework.beans.factory.annotation.Value("${srekg.default-environment:prod}")
                    String defaultEnvironment) {
        return new SchemaMigrations(driver, defaultEnvironment);
    }

    @Bean
    DependencyGate dependencyGate(
            SchemaMigrations migrations,
            KafkaHealthIndicator kafka,
            Neo4jConnection neo4j,
            dev.srekg.ingest.KafkaConnection kafkaConnection,
            org.springframework.context.ApplicationEventPublisher events) {
        return new DependencyGate(migrations, kafka, neo4j.uri(), kafkaConnection.bootstrap(), events);
    }
}
