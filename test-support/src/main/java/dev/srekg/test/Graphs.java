package dev.srekg.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

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

    /**
     * Every node and relationship (except schema bookkeeping) as sorted lines of labels or type and properties, so
     * two graphs can be compared for equality. Nodes are named by their {@code key} or {@code name}.
     *
     * @param ignored property names left out, e.g. record-time properties
     */
    public static List<String> snapshot(Driver driver, Set<String> ignored) {
        return snapshot(driver, ignored, Set.of());
    }

    /**
     * {@link #snapshot(Driver, Set)} without the nodes of some labels (and their relationships), e.g. data derived
     * asynchronously from the ingested facts.
     */
    public static List<String> snapshot(Driver driver, Set<String> ignored, Set<String> ignoredLabels) {
        try (Session session = driver.session()) {
            List<String> lines = new ArrayList<>();
            session.executeRead(tx -> tx.run(
                                    "MATCH (n) WHERE NOT n:SchemaMigration AND none(l IN labels(n) WHERE l IN $skip) "
                                            + "RETURN labels(n) AS labels, properties(n) AS p",
                                    Map.of("skip", List.copyOf(ignoredLabels)))
                            .list())
                    .forEach(r ->
                            lines.add("node " + new TreeSet<>(r.get("labels").asList(Value::asString)) + " "
                                    + props(r.get("p"), ignored)));
            session.executeRead(tx -> tx.run(
                                    "MATCH (a)-[r]->(b) WHERE none(l IN labels(a) + labels(b) WHERE l IN $skip) "
                                            + "RETURN type(r) AS type, coalesce(a.key, a.name) AS a, "
                                            + "coalesce(b.key, b.name) AS b, properties(r) AS p",
                                    Map.of("skip", List.copyOf(ignoredLabels)))
                            .list())
                    .forEach(r -> lines.add("rel " + r.get("a").asString() + " -"
                            + r.get("type").asString() + "-> " + r.get("b").asString() + " "
                            + props(r.get("p"), ignored)));
            Collections.sort(lines);
            return lines;
        }
    }

    private static String props(Value map, Set<String> ignored) {
        Map<String, String> sorted = new TreeMap<>();
        map.asMap(v -> v.toString()).forEach((k, v) -> {
            if (!ignored.contains(k)) {
                sorted.put(k, v);
            }
        });
        return sorted.toString();
    }
}
