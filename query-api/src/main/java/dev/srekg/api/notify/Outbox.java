package dev.srekg.api.notify;

import static dev.srekg.api.web.GraphValues.instant;

import dev.srekg.graph.notify.OutboxStatements;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** The notification outbox on the graph: the Neo4j side of {@link Notifier}, with the Cypher of graph-model. */
@Component
class Outbox {

    private final Driver driver;

    Outbox(Driver driver) {
        this.driver = driver;
    }

    /** A claimed notification. */
    record Claimed(String id, String incident, String state, String message, long attempts) {}

    /** Notifications waiting for a receiver, and the creation time of the oldest. */
    record Pending(long count, Instant oldest) {}

    /** Incidents recorded since {@code since} and opened since {@code openedSince}, as the transitions need them. */
    List<Transition.Incident> incidents(Instant since, Instant openedSince, Instant settledBefore) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(
                            OutboxStatements.INCIDENTS, Map.of("since", utc(since), "openedSince", utc(openedSince)))
                    .list(r -> new Transition.Incident(
                            r.get("id").asString(),
                            r.get("top").asString(),
                            !instant(r.get("recordedAt")).isAfter(settledBefore),
                            r.get("resolved").asBoolean(),
                            new HashSet<>(r.get("sent").asList(Value::asString)))));
        }
    }

    Optional<Payloads.Stored> incident(String id) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                var result = tx.run(OutboxStatements.INCIDENT, Map.of("id", id));
                if (!result.hasNext()) {
                    return Optional.empty();
                }
                Record r = result.next();
                return Optional.of(new Payloads.Stored(
                        r.get("id").asString(),
                        r.get("service").asString(),
                        r.get("slo").asString(),
                        r.get("severity").asString(""),
                        instant(r.get("openedAt")),
                        instant(r.get("resolvedAt")),
                        r.get("generatorUrl").asString(""),
                        r.get("context").asString("")));
            });
        }
    }

    /** Adds rows ({@code id, incident, receiver, state, order, message}); a row already there is left alone. */
    void enqueue(List<Map<String, Object>> rows, Instant now) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(
                    tx -> tx.run(OutboxStatements.ENQUEUE, Map.of("rows", rows, "now", utc(now)))
                            .consume());
        }
    }

    List<Claimed> claim(String receiver, String owner, int limit, Instant now, Instant until) {
        try (Session session = driver.session()) {
            return session.executeWrite(tx -> tx.run(
                            OutboxStatements.CLAIM,
                            Map.of(
                                    "receiver", receiver,
                                    "owner", owner,
                                    "limit", limit,
                                    "now", utc(now),
                                    "until", utc(until)))
                    .list(r -> new Claimed(
                            r.get("id").asString(),
                            r.get("incident").asString(),
                            r.get("state").asString(),
                            r.get("message").asString(),
                            r.get("attempts").asLong())));
        }
    }

    void settle(String id, String outcome, int attempted, String error, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("outcome", outcome);
        p.put("attempted", attempted);
        p.put("error", error);
        p.put("now", utc(now));
        write(OutboxStatements.SETTLE, p);
    }

    void retry(String id, Instant due, int attempted, String error) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("due", utc(due));
        p.put("attempted", attempted);
        p.put("error", error);
        write(OutboxStatements.RETRY, p);
    }

    Map<String, Pending> pending() {
        try (Session session = driver.session()) {
            Map<String, Pending> pending = new HashMap<>();
            session.executeRead(tx -> tx.run(OutboxStatements.PENDING).list())
                    .forEach(r -> pending.put(
                            r.get("receiver").asString(),
                            new Pending(r.get("pending").asLong(), instant(r.get("oldest")))));
            return pending;
        }
    }

    private void write(String statement, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(
                    tx -> tx.run(statement, parameters).consume());
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
