package dev.srekg.bench;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.GraphChanges;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.schema.Migration;
import dev.srekg.graph.schema.MigrationStatements;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.summary.ProfiledPlan;
import org.neo4j.driver.summary.ResultSummary;

/**
 * srekg's write statements against the plainest Cypher that writes the same nodes and relationships: {@code UNWIND
 * ... MERGE} of each node by its key and {@code MERGE} of each relationship, with none of srekg's conditions (first
 * seen, virtual services, out-of-order tickets, a breach that closes once). Both run on the same rows, in batches of
 * the same size, one transaction a batch, alternating batch by batch so that both see the same graph and the same load
 * on a shared machine. Issue 19's target: srekg's statements at least
 * 0.8 x the plain shape.
 *
 * <p>{@code PROFILE} of one batch of each statement, both shapes, gives the database hits per row; {@code --plans}
 * prints the profiled plans.
 */
final class WriteShapes {

    /** The plain shape of each statement the change streams use. */
    static final Map<WriteStatement, String> PLAIN = Map.of(
            WriteStatement.DEPLOYMENT,
            """
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
            MERGE (d:Deployment {key: row.key})
              ON CREATE SET d += row.props, d.recordedAt = row.recordedAt
            MERGE (d)-[:DEPLOYS]->(s)
            """,
            WriteStatement.SCALE_EVENT,
            """
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
            MERGE (e:ScaleEvent {key: row.key})
              ON CREATE SET e += row.props, e.recordedAt = row.recordedAt
            MERGE (e)-[:SCALES]->(s)
            """,
            WriteStatement.TICKET,
            """
            UNWIND $rows AS row
            MERGE (t:Ticket {key: row.key})
            SET t.system = row.system, t.openedAt = row.at, t.recordedAt = row.recordedAt, t.title = row.title,
                t.status = row.status, t.priority = row.priority, t.url = row.url, t.updatedAt = row.updatedAt,
                t.closedAt = row.closedAt
            WITH t, row
            UNWIND row.services AS name
            MERGE (s:Service {environment: row.environment, name: name})
            MERGE (t)-[:ABOUT]->(s)
            """,
            WriteStatement.BREACH,
            """
            UNWIND $rows AS row
            MERGE (s:Service {environment: row.environment, name: row.service})
            MERGE (slo:Slo {key: row.sloKey})
              ON CREATE SET slo.name = row.slo, slo.service = row.service, slo.environment = row.environment,
                            slo.generator = row.generator, slo.recordedAt = row.recordedAt
            MERGE (slo)-[:OF]->(s)
            MERGE (b:SloBreach {key: row.key})
              ON CREATE SET b += row.props, b.recordedAt = row.recordedAt
            SET b.endsAt = row.endsAt
            MERGE (b)-[:BREACHES]->(slo)
            FOREACH (team IN CASE WHEN row.team = '' THEN [] ELSE [row.team] END |
              MERGE (owner:Team {name: team})
              MERGE (owner)-[:OWNS]->(s))
            """);

    /** One round: both shapes' rows per second. */
    record Round(double srekgRate, double plainRate) {
        double ratio() {
            return srekgRate / plainRate;
        }
    }

    /** The ratios of some passes: their median and their spread. */
    record Ratios(double median, double min, double max, int passes) {
        static Ratios of(List<Round> rounds) {
            double[] sorted = rounds.stream().mapToDouble(Round::ratio).sorted().toArray();
            return new Ratios(sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
        }
    }

    /** Database hits per row of one statement, in both shapes. */
    record Profile(WriteStatement statement, int rows, double srekgHitsPerRow, double plainHitsPerRow) {}

    private WriteShapes() {}

    /**
     * srekg's schema (constraints and indexes of every migration), applied as srekg applies it on start: without them
     * every {@code MERGE} scans its label.
     */
    static void schema(Driver driver) {
        try (Session session = driver.session()) {
            for (Migration m : Migration.all()) {
                for (String statement : m.statements()) {
                    session.run(statement, Map.of("defaultEnvironment", ServiceId.DEFAULT_ENVIRONMENT))
                            .consume();
                }
            }
            session.run(MigrationStatements.AWAIT_INDEXES).consume();
        }
    }

    /** The rows of each statement, in writing order, cut into batches of {@code batch} events. */
    static List<Map<WriteStatement, List<Map<String, Object>>>> batches(List<ChangeEvent> events, int batch) {
        Instant recordedAt = Instant.now();
        List<Map<WriteStatement, List<Map<String, Object>>>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += batch) {
            Map<WriteStatement, List<GraphChange>> byStatement = new EnumMap<>(WriteStatement.class);
            for (ChangeEvent e : events.subList(i, Math.min(events.size(), i + batch))) {
                for (GraphChange c : GraphChanges.of(e, recordedAt)) {
                    byStatement
                            .computeIfAbsent(c.statement(), s -> new ArrayList<>())
                            .add(c);
                }
            }
            Map<WriteStatement, List<Map<String, Object>>> rows = new EnumMap<>(WriteStatement.class);
            byStatement.forEach((s, changes) -> rows.put(
                    s,
                    changes.stream()
                            .sorted(Comparator.comparing(GraphChange::sortKey))
                            .map(GraphChange::row)
                            .toList()));
            batches.add(rows);
        }
        return batches;
    }

    /**
     * One pass: every batch written twice, once by each shape, the order alternating batch by batch, so that both
     * shapes meet the same graph and the same load. The plain shape's rows have keys of their own (the event keys and
     * SLO keys with {@code /plain} appended), so both create their nodes; both merge the same services.
     */
    static Round pass(Driver driver, List<Map<WriteStatement, List<Map<String, Object>>>> batches, int events) {
        long[] nanos = new long[2];
        try (Session session = driver.session()) {
            for (int i = 0; i < batches.size(); i++) {
                for (int k = 0; k < 2; k++) {
                    boolean plain = (i + k) % 2 == 1;
                    var batch = plain ? plainKeys(batches.get(i)) : batches.get(i);
                    long t0 = System.nanoTime();
                    session.executeWriteWithoutResult(tx ->
                            batch.forEach((statement, rows) -> tx.run(cypher(statement, plain), Map.of("rows", rows))
                                    .consume()));
                    nanos[plain ? 1 : 0] += System.nanoTime() - t0;
                }
            }
        }
        return new Round(events / (nanos[0] / 1e9), events / (nanos[1] / 1e9));
    }

    /** Passes from an empty set of change events; the events written per second by each shape. */
    static List<Round> rounds(Driver driver, List<ChangeEvent> events, int batch, int rounds) {
        var batches = batches(events, batch);
        List<Round> result = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Probes.deleteChangeEvents(driver);
            result.add(pass(driver, batches, events.size()));
        }
        return result;
    }

    private static Map<WriteStatement, List<Map<String, Object>>> plainKeys(
            Map<WriteStatement, List<Map<String, Object>>> batch) {
        Map<WriteStatement, List<Map<String, Object>>> plain = new EnumMap<>(WriteStatement.class);
        batch.forEach((statement, rows) -> plain.put(
                statement,
                rows.stream()
                        .map(row -> {
                            Map<String, Object> copy = new java.util.HashMap<>(row);
                            copy.computeIfPresent("key", (k, v) -> v + "/plain");
                            copy.computeIfPresent("sloKey", (k, v) -> v + "/plain");
                            return (Map<String, Object>) copy;
                        })
                        .toList()));
        return plain;
    }

    /** PROFILE of one batch of each statement in both shapes, on the graph as it stands (the events just written). */
    static List<Profile> profiles(Driver driver, List<ChangeEvent> events, int batch, boolean printPlans) {
        Map<WriteStatement, List<Map<String, Object>>> first = new EnumMap<>(WriteStatement.class);
        for (var b : batches(events, batch)) {
            b.forEach((statement, rows) -> first.merge(
                    statement,
                    rows,
                    (had, more) -> had.size() >= batch
                            ? had
                            : java.util.stream.Stream.concat(had.stream(), more.stream())
                                    .limit(batch)
                                    .toList()));
        }
        List<Profile> result = new ArrayList<>();
        for (var entry : first.entrySet()) {
            if (!PLAIN.containsKey(entry.getKey())) {
                continue;
            }
            int n = entry.getValue().size();
            Probes.deleteChangeEvents(driver);
            long srekg = hits(driver, "PROFILE " + cypher(entry.getKey(), false), entry.getValue(), printPlans);
            Probes.deleteChangeEvents(driver);
            long plain = hits(driver, "PROFILE " + cypher(entry.getKey(), true), entry.getValue(), printPlans);
            result.add(new Profile(entry.getKey(), n, srekg / (double) n, plain / (double) n));
        }
        return result;
    }

    static String markdown(
            List<Round> rounds, List<Profile> profiles, int events, int batch, double parseRate, String command) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(command).append("`; ").append(String.format(Locale.ROOT, "%,d", events));
        md.append(" change events (the four streams' records, parsed as srekg parses them), ");
        md.append(batch)
                .append(" events a transaction. Parsing the records alone (one thread, not in the rates below): ");
        md.append(String.format(Locale.ROOT, "%,.0f events/s.%n%n", parseRate));
        md.append("| round | srekg's statements | plain UNWIND MERGE | ratio |\n| ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %,.0f/s | %,.0f/s | %.2f |%n",
                    i + 1,
                    r.srekgRate(),
                    r.plainRate(),
                    r.ratio()));
        }
        Ratios ratios = Ratios.of(rounds);
        md.append(String.format(
                Locale.ROOT,
                "%nsrekg's statements / plain shape: median %.2f, spread %.2f to %.2f over %d rounds (target >= 0.8).%n%n",
                ratios.median(),
                ratios.min(),
                ratios.max(),
                ratios.passes()));
        md.append(
                "| statement | rows | db hits per row, srekg | plain | ratio |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Profile p : profiles) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.1f | %.2f |%n",
                    p.statement(),
                    p.rows(),
                    p.srekgHitsPerRow(),
                    p.plainHitsPerRow(),
                    p.srekgHitsPerRow() / p.plainHitsPerRow()));
        }
        return md.toString();
    }

    private static String cypher(WriteStatement statement, boolean plain) {
        return plain ? PLAIN.getOrDefault(statement, statement.cypher()) : statement.cypher();
    }

    private static long hits(Driver driver, String cypher, List<Map<String, Object>> rows, boolean printPlans) {
        try (Session session = driver.session()) {
            ResultSummary summary = session.executeWrite(
                    tx -> tx.run(cypher, Map.of("rows", rows)).consume());
            if (printPlans) {
                print(summary.profile(), "");
            }
            return totalHits(summary.profile());
        }
    }

    private static void print(ProfiledPlan plan, String indent) {
        System.out.printf(
                "%s%s db hits %d, rows %d: %s%n",
                indent,
                plan.operatorType(),
                plan.dbHits(),
                plan.records(),
                plan.arguments().getOrDefault("Details", null));
        plan.children().forEach(c -> print((ProfiledPlan) c, indent + "  "));
    }

    private static long totalHits(ProfiledPlan plan) {
        long hits = plan.dbHits();
        for (ProfiledPlan child : plan.children()) {
            hits += totalHits((ProfiledPlan) child);
        }
        return hits;
    }
}
