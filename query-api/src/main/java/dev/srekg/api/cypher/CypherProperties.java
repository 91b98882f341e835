package dev.srekg.api.cypher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read-only Cypher endpoint ({@code srekg.api.cypher.*}).
 *
 * @param timeout a query running longer is terminated by the database
 * @param maxRows at most this many rows are returned; the answer says when more were left out
 * @param maxQueryLength longest query text accepted
 * @param maxConcurrent most console queries running at once; more are answered 429 at once
 */
@ConfigurationProperties("srekg.api.cypher")
public record CypherProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1000") int maxRows,
        @DefaultValue("20000") int maxQueryLength,
        @DefaultValue("2") int maxConcurrent) {

    public CypherProperties {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    "srekg.api.cypher.max-concurrent must be at least 1, was " + maxConcurrent);
        }
    }
}
