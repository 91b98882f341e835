package dev.srekg.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.types.Entity;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;
import org.springframework.stereotype.Component;

/**
 * Runs SREs' Cypher read-only: refused before running when it is not a plain read (the database's own plan says so,
 * {@code EXPLAIN} runs nothing), when it loads files, or when it calls administration procedures; then run in a READ
 * transaction with a timeout the database enforces, and at most {@code maxRows} rows read.
 */
@Component
class CypherConsole {

    private static final Pattern REFUSED = Pattern.compile(
            "(?is).*(\\bLOAD\\s+CSV\\b|\\bCALL\\s+(dbms|db\\.(create|drop|clear|checkpoint|index\\.fulltext\\.(create|drop)))\\b"
                    + "|\\bapoc\\.|\\bUSE\\s+system\\b|\\b(CREATE|DROP|ALTER|GRANT|DENY|REVOKE|START|STOP)\\s+(DATABASE|USER|ROLE|ALIAS)\\b"
                    + "|\\bSHOW\\s+(USERS|ROLES|PRIVILEGES|SERVERS)\\b|\\bTERMINATE\\s+TRANSACTIONS\\b).*");

    private final Driver driver;
    private final CypherProperties properties;

    private final ApiTelemetry telemetry;

    CypherConsole(Driver driver, CypherProperties properties, ApiTelemetry telemetry) {
        this.driver = driver;
        this.properties = properties;
        this.telemetry = telemetry;
    }

    /** A query was refused before it ran; the message says why. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    CypherResult run(String query, Map<String, Object> parameters) {
        if (query == null || query.isBlank()) {
            throw new Refused("query must not be blank");
        }
        if (query.length() > properties.maxQueryLength()) {
            throw new Refused("query longer than " + properties.maxQueryLength() + " characters");
        }
        if (REFUSED.matcher(query).matches()) {
            throw new Refused("LOAD CSV, administration procedures and system commands are refused");
        }
        Map<String, Object> params = parameters == null ? Map.of() : parameters;
        TransactionConfig config =
                TransactionConfig.builder().withTimeout(properties.timeout()).build();
        try (Session session = driver.session(
                SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build())) {
            QueryType type = session.executeRead(
                    tx -> tx.run("EXPLAIN " + query, params).consume().queryType(), config);
            if (type != QueryType.READ_ONLY) {
                throw new Refused("only read queries are allowed; this one is " + type);
            }
            return telemetry.query("console", () -> session.executeRead(tx -> collect(tx.run(query, params)), config));
        }
    }

    private CypherResult collect(Result result) {
        List<String> columns = result.keys();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        Map<String, Map<String, Object>> relationships = new LinkedHashMap<>();
        boolean truncated = false;
        while (result.hasNext()) {
            if (rows.size() == properties.maxRows()) {
                truncated = true;
                break;
            }
            var record = result.next();
            Map<String, Object> row = new LinkedHashMap<>();
            for (String column : columns) {
                row.put(column, json(record.get(column), nodes, relationships));
            }
            rows.add(row);
        }
        return new CypherResult(
                columns, rows, List.copyOf(nodes.values()), List.copyOf(relationships.values()), truncated);
    }

    /** A driver value as JSON; graph elements also go to the graph part of the answer. */
    private static Object json(
            Value value, Map<String, Map<String, Object>> nodes, Map<String, Map<String, Object>> relationships) {
        if (value.isNull()) {
            return null;
        }
        return switch (value.type().name()) {
            case "NODE" -> {
                Node n = value.asNode();
                Map<String, Object> node = entity(n, nodes, relationships);
                node.put("labels", n.labels());
                nodes.putIfAbsent(n.elementId(), node);
                yield node;
            }
            case "RELATIONSHIP" -> relationship(value.asRelationship(), nodes, relationships);
            case "PATH" -> {
                Path p = value.asPath();
                List<Object> segments = new ArrayList<>();
                for (Node n : p.nodes()) {
                    segments.add(json(org.neo4j.driver.Values.value(n), nodes, relationships));
                }
                for (Relationship r : p.relationships()) {
                    segments.add(relationship(r, nodes, relationships));
                }
                yield Map.of("path", segments);
            }
            case "LIST" -> value.asList(v -> json(v, nodes, relationships));
            case "MAP" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String key : value.keys()) {
                    map.put(key, json(value.get(key), nodes, relationships));
                }
                yield map;
            }
            case "BYTES" -> Base64.getEncoder().encodeToString(value.asByteArray());
            case "DATE", "TIME", "LOCAL_TIME", "DATE_TIME", "LOCAL_DATE_TIME", "DURATION", "POINT" ->
                value.toString().replace("\"", "");
            default -> value.asObject();
        };
    }

    private static Map<String, Object> relationship(
            Relationship r, Map<String, Map<String, Object>> nodes, Map<String, Map<String, Object>> relationships) {
        Map<String, Object> rel = entity(r, nodes, relationships);
        rel.put("type", r.type());
        rel.put("start", r.startNodeElementId());
        rel.put("end", r.endNodeElementId());
        relationships.putIfAbsent(r.elementId(), rel);
        return rel;
    }

    private static Map<String, Object> entity(
            Entity e, Map<String, Map<String, Object>> nodes, Map<String, Map<String, Object>> relationships) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", e.elementId());
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : e.keys()) {
            properties.put(key, json(e.get(key), nodes, relationships));
        }
        map.put("properties", properties);
        return map;
    }

    /**
     * The answer of a query.
     *
     * @param columns column names in order
     * @param rows at most {@code maxRows} rows
     * @param nodes every node that appears in the rows, once
     * @param relationships every relationship that appears in the rows, once
     * @param truncated whether rows were left out
     */
    record CypherResult(
            List<String> columns,
            List<Map<String, Object>> rows,
            List<Map<String, Object>> nodes,
            List<Map<String, Object>> relationships,
            boolean truncated) {}
}
