package dev.srekg.test;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** Graph helpers for integration tests. */
public final class Graphs {

    private Graphs() {}

    /** Deletes every node and relationship except the record of applied schema migrations. */
    public static void deleteAllData(Driver driver) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> tx.run(
                            "MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
                    .consume());
        }
    }

    /** Number of nodes with the label. */
    public static long count(Driver driver, String label) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run("MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS c",
                            java.util.Map.of("label", label))
                    .single()
                    .get("c")
                    .asLong());
        }
    }
}
