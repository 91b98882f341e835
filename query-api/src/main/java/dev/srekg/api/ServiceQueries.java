package dev.srekg.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Reads services from the graph; the only class of this module that opens sessions. */
@Component
class ServiceQueries {

    private static final String SERVICE = """
            MATCH (s:Service {name: $name})
            OPTIONAL MATCH (d:Deployment)-[:DEPLOYS]->(s)
            WITH s, d ORDER BY d.at DESC, d.key DESC
            RETURN s.name AS name, s.firstSeen AS firstSeen, collect(d {.*}) AS deployments
            """;

    private final Driver driver;

    ServiceQueries(Driver driver) {
        this.driver = driver;
    }

    Optional<ServiceView> service(String name, Instant at) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                var result = tx.run(SERVICE, Map.of("name", name));
                if (!result.hasNext()) {
                    return Optional.empty();
                }
                return Optional.of(toView(result.next(), at));
            });
        }
    }

    private static ServiceView toView(Record r, Instant at) {
        var deployments = r.get("deployments").asList(ServiceQueries::toDeployment);
        var running = deployments.stream()
                .filter(d -> !d.at().isAfter(at))
                .findFirst()
                .filter(d -> !"REMOVED".equals(d.action()))
                .orElse(null);
        return new ServiceView(r.get("name").asString(), instant(r.get("firstSeen")), at, running, deployments);
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

    private static Instant instant(Value v) {
        return v.isNull()
                ? null
                : v.asZonedDateTime().withZoneSameInstant(ZoneOffset.UTC).toInstant();
    }
}
