package dev.srekg.api.services;

import dev.srekg.api.web.Environments;
import dev.srekg.graph.services.ServiceReads;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/environments}: the environments the graph holds services of, and the default one. */
@RestController
class EnvironmentsController {

    private final Driver driver;
    private final Environments environments;
    private final Clock clock;

    EnvironmentsController(Driver driver, Environments environments, Clock clock) {
        this.driver = driver;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * The environments known now.
     *
     * @param defaultEnvironment the environment a request without {@code env=} reads
     * @param environments every environment with a service, the default one included, in name order
     */
    record EnvironmentsView(String defaultEnvironment, List<String> environments) {}

    @GetMapping("/api/v1/environments")
    EnvironmentsView environments() {
        String fallback = environments.of(null);
        try (Session session = driver.session()) {
            List<String> known = session.executeRead(tx -> tx.run(
                            ServiceReads.ENVIRONMENTS,
                            Map.of("knownAt", clock.instant().atOffset(ZoneOffset.UTC)))
                    .list(r -> r.get("environment").asString()));
            java.util.TreeSet<String> all = new java.util.TreeSet<>(known);
            all.add(fallback);
            return new EnvironmentsView(fallback, List.copyOf(all));
        }
    }
}
