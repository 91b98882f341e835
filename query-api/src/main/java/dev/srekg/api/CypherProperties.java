package dev.srekg.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read-only Cypher endpoint ({@code srekg.api.cypher.*}).
 *
 * @param timeout a query running longer is terminated by the database
 * @param maxRows at most this many rows are returned; the answer says when more were left out
 * @param maxQueryLength longest query text accepted
 */
@ConfigurationProperties("srekg.api.cypher")
public record CypherProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1000") int maxRows,
        @DefaultValue("20000") int maxQueryLength) {}
