package dev.srekg.api.catalog;

import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/catalog/drift}: declared against observed dependencies; {@code GET
 * /api/v1/services/{service}/ownership}: who owns a service and how to reach them (issue 18).
 */
@RestController
class CatalogController {

    private final CatalogQueries queries;
    private final Environments environments;
    private final Clock clock;

    CatalogController(CatalogQueries queries, Environments environments, Clock clock) {
        this.queries = queries;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * The catalog drift.
     *
     * @param env the environment (default the configured default environment)
     * @param at ISO-8601 instant (default now): the catalog and the edges as of then
     * @param env the environment whose services are compared (default the configured default environment)
     */
    @GetMapping("/api/v1/catalog/drift")
    Drift drift(
            @RequestParam(required = false) String env,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        Instant now = clock.instant();
        return queries.drift(environments.of(env), at == null ? now : at, now);
    }

    /**
     * A service's ownership.
     *
     * @param service the service
     * @param env its environment (default the configured default environment)
     * @param at ISO-8601 instant (default now)
     */
    @GetMapping("/api/v1/services/{service}/ownership")
    Ownership ownership(
            @PathVariable String service,
            @RequestParam(required = false) String env,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        Instant now = clock.instant();
        Ownership owner = queries.ownership(environments.of(env), List.of(service), at == null ? now : at, now)
                .get(service);
        if (owner == null) {
            throw new NotFound("catalog description of service", service);
        }
        return owner;
    }
}
