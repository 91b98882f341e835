package dev.srekg.api.cypher;

import dev.srekg.api.web.ApiTelemetry;
import dev.srekg.api.web.Overloaded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.summary.Plan;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.driver.types.Entity;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs SREs' Cypher read-only: refused before running when it is not a plain read (the database's own plan says so,
 * {@code EXPLAIN} runs nothing), when it loads files, calls administration procedures, or looks at what is not the
 * graph (other connections' transactions and queries, settings, users); then run in a READ transaction with a timeout
 * the database enforces, and at most {@code maxRows} rows read. At most {@code maxConcurrent} queries run at once;
 * beyond that a query is refused at once ({@link Overloaded}), never queued.
 */
@Component
public class CypherConsole {

    private static final Pattern REFUSED = Pattern.compile(
            "(?is).*(\\bLOAD\\s+CSV\\b|\\bCALL\\s+(dbms|db\\.(create|drop|clear|checkpoint|index\\.fulltext\\.(create|drop)))\\b"
                    + "|\\bapoc\\.|\\bUSE\\s+system\\b|\\b(CREATE|DROP|ALTER|GRANT|DENY|REVOKE|START|STOP)\\s+(DATABASE|USER|ROLE|ALIAS)\\b"
                    + "|\\bSHOW\\s+(USERS|ROLES|PRIVILEGES|SERVERS|TRANSACTIONS?|SETTINGS?|CURRENT\\s+USER|DATABASES?|ALIASES)\\b"
                    + "|\\bTERMINATE\\s+TRANSACTIONS?\\b).*");

    /** Plan operators that show what is not the graph: other connections' queries, the configuration. */
    private static final Set<String> PEEKING_OPERATORS =
            Set.of("showtransactions", "terminatetransactions", "showsettings", "showusers", "showcurrentuser");

    /** The procedures the console may call: the graph's own schema, nothing about the server or its users. */
    private static final Set<String> ALLOWED_PROCEDURES = Set.of(
            "db.labels",
            "db.relationshiptypes",
            "db.propertykeys",
            "db.schema.visualization",
            "db.schema.nodetypeproperties",
            "db.schema.reltypeproperties");

    private static final Pattern PROCEDURE_NAME = Pattern.compile("^\\s*([\\w.]+)\\s*\\(");

    private static final Logger log = LoggerFactory.getLogger(CypherConsole.class);

    /** Transaction metadata that marks console queries, so that they can be found and terminated. */
    private static final String METADATA_KEY = "srekg";

    private static final String METADATA_VALUE = "console";

    private final Driver driver;
    private final CypherProperties properties;
    private final ApiTelemetry telemetry;
    private final Semaphore running;

    CypherConsole(Driver driver, CypherProperties properties, ApiTelemetry telemetry) {
        this.driver = driver;
        this.properties = properties;
        this.telemetry = telemetry;
        this.running = new Semaphore(properties.maxConcurrent());
    }

    /** A query was refused before it ran; the message says why. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A query ran past its time limit; the database (or the local stack's reaper) ended it. */
    public static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimedOut(Throwable cause) {
            super("The query ran past its time limit and was terminated", cause, false, false);
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
        if (!running.tryAcquire()) {
            throw new Overloaded(
                    properties.maxConcurrent() + " console queries are running, the most allowed at once",
                    Duration.ofSeconds(1));
        }
        try {
            return runChecked(query, parameters == null ? Map.of() : parameters);
        } finally {
            running.release();
        }
    }

    /**
     * One explicit transaction, so the driver never retries a console query (a retry of a query over its time or
     * memory limit would only fail again): {@code EXPLAIN} first, then the query under the same timeout.
     */
    private CypherResult runChecked(String query, Map<String, Object> params) {
        TransactionConfig config = TransactionConfig.builder()
                .withTimeout(properties.timeout())
                .withMetadata(Map.of(METADATA_KEY, METADATA_VALUE))
                .build();
        try (Session session = driver.session(SessionConfig.builder()
                        .withDefaultAccessMode(AccessMode.READ)
                        .build());
                Transaction tx = session.beginTransaction(config)) {
            ResultSummary explained = tx.run("EXPLAIN " + query, params).consume();
            if (explained.queryType() != QueryType.READ_ONLY) {
                throw new Refused("only read queries are allowed; this one is " + explained.queryType());
            }
            refusal(explained.plan()).ifPresent(reason -> {
                throw new Refused(reason);
            });
            long started = System.nanoTime();
            try {
                return telemetry.query("console", () -> collect(tx.run(query, params)));
            } catch (ServiceUnavailableException | SessionExpiredException e) {
                // A query still computing past its timeout has its connection closed by the local stack's reaper.
                if (System.nanoTime() - started >= properties.timeout().toNanos()) {
                    throw new TimedOut(e);
                }
                throw e;
            }
        }
    }

    /**
     * Stopping srekg terminates the console queries still running, before the web server waits for its requests
     * to finish: they end (and answer) as at their timeout instead of holding the shutdown.
     */
    @EventListener(ContextClosedEvent.class)
    void terminateRunning() {
        if (running.availablePermits() == properties.maxConcurrent()) {
            return;
        }
        try (Session session = driver.session()) {
            session.run(
                            "SHOW TRANSACTIONS YIELD transactionId AS id, metaData WHERE metaData[$key] = $value"
                                    + " TERMINATE TRANSACTIONS id YIELD message RETURN id, message",
                            Map.of("key", METADATA_KEY, "value", METADATA_VALUE))
                    .consume();
        } catch (RuntimeException e) {
            log.warn("Could not terminate the running console queries: {}", e.getMessage());
        }
    }

    /** Why a plan may not run on the console, if it may not: it shows what is not the graph. */
    static Optional<String> refusal(Plan plan) {
        if (plan == null) {
            return Optional.empty();
        }
        String operator = plan.operatorType().toLowerCase(Locale.ROOT).replaceAll("@.*", "");
        if (PEEKING_OPERATORS.contains(operator)) {
            return Optional.of(plan.operatorType().replaceAll("@.*", "")
                    + " is refused: the console shows the graph, not other connections' queries, settings or users");
        }
        if (operator.equals("procedurecall")) {
            Value details = plan.arguments().get("Details");
            String call = details == null ? "" : details.asString();
            Matcher name = PROCEDURE_NAME.matcher(call);
            String procedure = name.find() ? name.group(1) : call;
            if (!ALLOWED_PROCEDURES.contains(procedure.toLowerCase(Locale.ROOT))) {
                return Optional.of("procedure " + procedure + " is refused; the console may call "
                        + String.join(", ", ALLOWED_PROCEDURES.stream().sorted().toList()));
            }
        }
        for (Plan child : plan.children()) {
            Optional<String> refused = refusal(child);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
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
