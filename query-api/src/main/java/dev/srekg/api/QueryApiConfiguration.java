package dev.srekg.api;

import dev.srekg.api.cypher.CypherProperties;
import dev.srekg.api.delivery.DeliveryProperties;
import dev.srekg.api.incidents.IncidentProperties;
import dev.srekg.api.web.RequestLimitProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.neo4j.repository.config.EnableNeo4jRepositories;

/**
 * The API role: read-only HTTP endpoints over the graph. Needs a Neo4j {@code Driver} from the application; its Spring
 * Data Neo4j repositories (incidents' reads, ADR 11) use it too.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = QueryApiConfiguration.class)
@EnableNeo4jRepositories(basePackageClasses = QueryApiConfiguration.class)
@EnableConfigurationProperties({
    CypherProperties.class,
    IncidentProperties.class,
    RequestLimitProperties.class,
    DeliveryProperties.class
})
public class QueryApiConfiguration {}
