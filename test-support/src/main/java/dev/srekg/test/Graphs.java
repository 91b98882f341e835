package dev.srekg.test;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** Graph helpers for integration tests. */
public final class Graphs {

    private Graphs() {}

    /** Deletes every node and relationship except the record of applied schema migrations. */
    public static void deleteAllData(Driver driver) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> tx.run("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
                    .consume());
        }
    }

    /** The single number a counting query returns, e.g. {@code MATCH (n:Service) RETURN count(n)}. */
    public static long count(Driver driver, String countQuery) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(countQuery).single().get(0).asLong());
        }
    }
}
