package dev.srekg.api.services;

import static dev.srekg.api.web.GraphValues.instant;

import dev.srekg.graph.services.ServiceReads;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Reads services from the graph; every read goes through the as-of filters of {@link ServiceReads}. */
@Component
class ServiceQueries {

    private final Driver driver;

    ServiceQueries(Driver driver) {
        this.driver = driver;
    }

    Optional<ServiceView> service(String env, String name, Instant at, Instant knownAt) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                var result = tx.run(
                        ServiceReads.SERVICE,
                        Map.of(
                                "env",
                                env,
                                "name",
                                name,
                                "at",
                                at.atOffset(ZoneOffset.UTC),
                                "knownAt",
                                knownAt.atOffset(ZoneOffset.UTC)));
                if (!result.hasNext()) {
                    return Optional.empty();
                }
                return Optional.of(toView(result.next(), at, knownAt));
            });
        }
    }

    /** Every service of {@code env} known at {@code knownAt}, with the version running at {@code at}. */
    List<ServiceSummary> list(String env, Instant at, Instant knownAt) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(
                            ServiceReads.ALL,
                            Map.of(
                                    "env", env,
                                    "at", at.atOffset(ZoneOffset.UTC),
                                    "knownAt", knownAt.atOffset(ZoneOffset.UTC)))
                    .list(r -> new ServiceSummary(
                            r.get("name").asString(),
                            r.get("environment").asString(),
                            r.get("virtual").asBoolean(),
                            instant(r.get("firstSeen")),
                            r.get("version").asString(""))));
        }
    }

    /**
     * A service in the list.
     *
     * @param name service name
     * @param environment its environment, with the name its identity
     * @param virtual known only as a peer named by its callers' spans
     * @param firstSeen earliest event time of any fact about it
     * @param version version running at the moment asked for, or empty
     */
    record ServiceSummary(String name, String environment, boolean virtual, Instant firstSeen, String version) {}

    private static ServiceView toView(Record r, Instant at, Instant knownAt) {
        var deployments = r.get("deployments").asList(ServiceQueries::toDeployment);
        var running = deployments.stream()
                .filter(d -> !d.at().isAfter(at))
                .findFirst()
                .filter(d -> !"REMOVED".equals(d.action()))
                .orElse(null);
        return new ServiceView(
                r.get("name").asString(),
                r.get("environment").asString(),
                r.get("clusters").asList(Value::asString),
                instant(r.get("firstSeen")),
                at,
                knownAt,
                running,
                deployments,
                r.get("breaches").asList(ServiceView.BreachView::of),
                r.get("tickets")
                        .asList(t -> new ServiceView.TicketView(
                                t.get("key").asString(),
                                t.get("title").asString(""),
                                t.get("status").asString(""),
                                t.get("url").asString(""),
                                instant(t.get("openedAt")))),
                r.get("teams").asList(Value::asString));
    }

    private static ServiceView.DeploymentView toDeployment(Value d) {
        return new ServiceView.DeploymentView(
                d.get("key").asString(),
                d.get("version").asString(""),
                d.get("artifactId").asString(""),
                d.get("environment").asString(""),
                d.get("action").asString(),
                instant(d.get("at")),
                instant(d.get("recordedAt")));
    }
}
