package dev.srekg.api.delivery;

import static dev.srekg.api.web.GraphValues.instant;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.deploys.DeployReads;
import dev.srekg.graph.incidents.IncidentStatements;
import dev.srekg.graph.slo.BreachReads;
import java.time.Instant;
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
                List<Facts.Deploy> deploys =
                        tx.run(DeployReads.IN_PERIOD, params).list(DeliveryQueries::deploy);
                var withDeploys = new java.util.HashMap<>(params);
                withDeploys.put(
                        "deploys", deploys.stream().map(Facts.Deploy::key).toList());
                List<Facts.Incident> incidents =
                        tx.run(IncidentStatements.IN_PERIOD, withDeploys).list(DeliveryQueries::incident);
                List<Facts.Breach> breaches =
                        tx.run(BreachReads.IN_PERIOD, params).list(DeliveryQueries::breach);
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
                r.get("environment").asString(),
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
                r.get("environment").asString(),
                r.get("slo").asString(),
                instant(r.get("startsAt")),
                instant(r.get("endsAt")),
                r.get("teams").asList(Value::asString));
    }
}
