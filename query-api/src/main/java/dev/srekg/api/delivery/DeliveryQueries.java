package dev.srekg.api.delivery;

import dev.srekg.graph.time.AsOf;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Reads the deploys, incidents and SLO breaches of a period, as known at a record time. */
@Component
class DeliveryQueries {

    private static final String TEAMS = """
            CALL (s) {
              OPTIONAL MATCH (team:Team)-[:OWNS]->(s)
              WHERE team.recordedAt <= $knownAt
              WITH team ORDER BY team.name
              RETURN collect(team.name) AS teams
            }""";

    private static final String DEPLOYS = """
            MATCH (d:Deployment)-[:DEPLOYS]->(s:Service)
            WHERE %s AND d.action <> 'REMOVED'
            %s
            RETURN d.key AS key, s.name AS service, coalesce(d.environment, '') AS environment, d.action AS action,
                   coalesce(d.version, '') AS version, d.at AS at, d.changedAt AS changedAt, teams
            ORDER BY d.at, d.key
            """.formatted(AsOf.happenedBetween("d", "at"), TEAMS);

    /**
     * Incidents opened in the period, and incidents whose top suspect is one of the period's deploys (those may open
     * after the period ends). The cause is the kind of the top suspect the recorder stored, or for incidents recorded
     * before it stored one, the label of the change ranked first.
     */
    private static final String INCIDENTS = """
            CALL () {
              MATCH (i:Incident)
              WHERE $from <= i.openedAt AND i.openedAt < $to AND i.recordedAt <= $knownAt
              RETURN i
              UNION
              MATCH (i:Incident)-[:SUSPECTS {rank: 1}]->(d:Deployment)
              WHERE d.key IN $deploys AND i.recordedAt <= $knownAt
              RETURN i
            }
            MATCH (i)-[:FOR]->(b:SloBreach)
            MATCH (i)-[:OF]->(s:Service)
            OPTIONAL MATCH (i)-[:SUSPECTS {rank: 1}]->(top)
            WITH i, b, s, top,
                 coalesce(i.cause, CASE WHEN top:Deployment THEN 'deploy' WHEN top:ScaleEvent THEN 'scale'
                                        WHEN top:Ticket THEN 'ticket' WHEN top:SloBreach THEN 'breach'
                                        ELSE 'none' END) AS cause
            %s
            RETURN i.id AS id, s.name AS service, i.slo AS slo, i.openedAt AS openedAt,
                   CASE WHEN b.endsAt IS NOT NULL AND b.endRecordedAt <= $knownAt THEN b.endsAt END AS resolvedAt,
                   cause, CASE WHEN cause = 'deploy' AND top:Deployment THEN top.key END AS causeDeploy,
                   i.recordedAt <= $settledBy AS settled, teams
            ORDER BY openedAt, id
            """.formatted(TEAMS);

    private static final String BREACHES =
            """
            MATCH (b:SloBreach)-[:BREACHES]->(slo:Slo)-[:OF]->(s:Service)
            WHERE %s
            %s
            RETURN b.key AS key, s.name AS service, slo.name AS slo, b.startsAt AS startsAt,
                   CASE WHEN b.endRecordedAt <= $knownAt THEN b.endsAt END AS endsAt, teams
            ORDER BY startsAt, key
            """.formatted(AsOf.overlaps("b", "startsAt", "endsAt", "endRecordedAt"), TEAMS);

    private final Driver driver;

    DeliveryQueries(Driver driver) {
        this.driver = driver;
    }

    /** The facts of the period {@code [from, to)}; incidents recorded by {@code settledBy} count as settled. */
    Period period(Instant from, Instant to, Instant knownAt, Instant settledBy) {
        Map<String, Object> params =
                Map.of("from", utc(from), "to", utc(to), "knownAt", utc(knownAt), "settledBy", utc(settledBy));
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                List<Facts.Deploy> deploys = tx.run(DEPLOYS, params).list(DeliveryQueries::deploy);
                var withDeploys = new java.util.HashMap<>(params);
                withDeploys.put(
                        "deploys", deploys.stream().map(Facts.Deploy::key).toList());
                List<Facts.Incident> incidents = tx.run(INCIDENTS, withDeploys).list(DeliveryQueries::incident);
                List<Facts.Breach> breaches = tx.run(BREACHES, params).list(DeliveryQueries::breach);
                return new Period(deploys, incidents, breaches);
            });
        }
    }

    /** The facts of a period. */
    record Period(List<Facts.Deploy> deploys, List<Facts.Incident> incidents, List<Facts.Breach> breaches) {}

    private static Facts.Deploy deploy(Record r) {
        return new Facts.Deploy(
                r.get("key").asString(),
                r.get("service").asString(),
                r.get("environment").asString(),
                r.get("action").asString(),
                r.get("version").asString(),
                instant(r.get("at")),
                instant(r.get("changedAt")),
                r.get("teams").asList(Value::asString));
    }

    private static Facts.Incident incident(Record r) {
        return new Facts.Incident(
                r.get("id").asString(),
                r.get("service").asString(),
                r.get("slo").asString(""),
                instant(r.get("openedAt")),
                instant(r.get("resolvedAt")),
                Facts.CauseClass.ofSuspectKind(r.get("cause").asString()),
                r.get("causeDeploy").isNull() ? null : r.get("causeDeploy").asString(),
                r.get("settled").asBoolean(false),
                r.get("teams").asList(Value::asString));
    }

    private static Facts.Breach breach(Record r) {
        return new Facts.Breach(
                r.get("key").asString(),
                r.get("service").asString(),
                r.get("slo").asString(),
                instant(r.get("startsAt")),
                instant(r.get("endsAt")),
                r.get("teams").asList(Value::asString));
    }

    private static Instant instant(Value v) {
        return v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
