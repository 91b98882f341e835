package dev.srekg.api.services;

import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Services and their deployments. */
@RestController
@RequestMapping("/api/v1/services")
class ServiceController {

    private final ServiceQueries queries;
    private final Environments environments;
    private final Clock clock;

    ServiceController(ServiceQueries queries, Environments environments, Clock clock) {
        this.queries = queries;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * Every service, with the version running at {@code at}.
     *
     * @param at event time, ISO-8601 (default now)
     * @param env environment (default the configured default environment)
     */
    @GetMapping
    List<ServiceQueries.ServiceSummary> services(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(required = false) String env) {
        Instant now = clock.instant();
        return queries.list(environments.of(env), at == null ? now : at, now);
    }

    /**
     * One service as of a moment: its deployments and the one running, its active SLO breaches, open tickets and
     * owning teams.
     *
     * @param name service name
     * @param at event time, ISO-8601 (default now): what was true then
     * @param knownAt record time, ISO-8601 (default now): what srekg had been told by then
     * @param env the service's environment (default the configured default environment)
     */
    @GetMapping("/{name}")
    ServiceView service(
            @PathVariable String name,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt,
            @RequestParam(required = false) String env) {
        Instant now = clock.instant();
        return queries.service(environments.of(env), name, at == null ? now : at, knownAt == null ? now : knownAt)
                .orElseThrow(() -> new NotFound("service", name));
    }
}
