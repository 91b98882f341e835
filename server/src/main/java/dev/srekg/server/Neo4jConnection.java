package dev.srekg.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How srekg reaches Neo4j ({@code srekg.neo4j.*}).
 *
 * @param uri {@code bolt://} or {@code neo4j://} URI ({@code SREKG_NEO4J_URI}); empty starts the local database
 * @param user user name ({@code SREKG_NEO4J_USER})
 * @param password password ({@code SREKG_NEO4J_PASSWORD}); empty connects without authentication
 */
@ConfigurationProperties("srekg.neo4j")
public record Neo4jConnection(
        @DefaultValue("") String uri,
        @DefaultValue("neo4j") String user,
        @DefaultValue("") String password) {

    public Neo4jConnection {
        uri = uri == null ? "" : uri.strip();
        password = password == null ? "" : password;
    }

    public boolean isConfigured() {
        return !uri.isEmpty();
    }

    @Override
    public String toString() {
        return "Neo4jConnection[uri=" + uri + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + "]";
    }
}
